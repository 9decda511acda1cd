#!/usr/bin/env python3
"""tools/predict.py MODULE [--check] - record the predictions of a module's REPORT.md before
measuring (make predict MODULE=NN); make report measures only once they are sealed.

The code is tools/parlab/analysis/predict.py; this file is its entry point."""
import sys

from parlab.analysis import predict

if __name__ == "__main__":
    sys.exit(predict.main())
