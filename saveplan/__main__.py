import sys

from saveplan.cli import main

sys.exit(main())
