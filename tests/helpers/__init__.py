"""What the tests share: damaged PDFs (`badpdfs`), the browser fixtures of the report tests
(`browser`), record comparison paragraph by paragraph (`compare`), edited editions for the diff
tests (`diffcases`), the foreign editions' scoring (`foreign`), the synthetic editions' checks
(`synthcheck`), small documents cut from the replicas (`documents`). The synthetic editions'
generator is its own package, tests/synth."""
