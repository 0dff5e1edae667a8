"""Benchmarks: each measures our code against a yardstick in the same run and prints the ratio."""
