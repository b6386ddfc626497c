package temporalconn

// ExplainDialError is explainDialError, for the external tests (package
// temporalconn_test, which may import internal/testenv: testenv imports
// internal/config, which imports this package).
var ExplainDialError = explainDialError
