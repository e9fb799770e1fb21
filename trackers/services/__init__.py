"""The use cases: the only place that joins the store, the sources and the pure logic."""
