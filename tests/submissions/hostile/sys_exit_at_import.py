"""network.py raises SystemExit(0) at the end of the module: importing it "exits successfully".

file: network.py
may_lose: init_network, forward
"""
import sys

sys.exit(0)
