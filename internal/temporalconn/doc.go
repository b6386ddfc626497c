// Package temporalconn is how nbaflow's binaries reach Temporal: the
// connection options (address, namespace, TLS, API key, gRPC headers) read
// from the environment and profile file the way the temporal CLI reads them,
// and a bounded dial whose errors say which setting to look at.
//
// The worker and the nbaflow CLI both connect through it, so one profile
// serves them and the temporal CLI alike. It must not import the rest of
// nbaflow: it knows Temporal's client, not the application.
package temporalconn
