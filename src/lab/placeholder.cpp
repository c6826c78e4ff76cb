// The lab module is being built; see docs/lab.md.
