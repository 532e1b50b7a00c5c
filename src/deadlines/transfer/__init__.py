"""Moving obligations in and out: import (decode, read, check rows) and export formats."""
