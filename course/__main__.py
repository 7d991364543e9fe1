"""``python -m course`` still works for one release; it runs ``backsafe``."""
import sys

from backsafe.cli import main

sys.exit(main())
