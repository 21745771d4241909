#!/usr/bin/env python
from tinget.cli import main

if __name__ == "__main__":
    main()
