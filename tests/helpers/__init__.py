"""What several test modules share: plain functions and constants, one module per concern.

Fixtures stay in the conftest.py files (pytest finds them there); test modules never import
each other or a conftest.py, they import from here.
"""
