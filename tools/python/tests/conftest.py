import os
import sys

# Run from a checkout without `pip install -e tools/python` as well.
sys.path.insert(0, os.path.normpath(os.path.join(os.path.dirname(__file__), "..")))
