// Package composecheck holds offline checks of nbaflow's deployment files:
// docker-compose.yml, Dockerfile and .dockerignore at the repository root,
// and the configuration under deploy/ (the Temporal server's, Prometheus's,
// Grafana's provisioning and dashboards).
//
// Nothing here starts a container. The checks load the files with the same
// libraries Docker and Prometheus use (compose-go for Compose, BuildKit's
// Dockerfile frontend and linter, moby/patternmatcher for .dockerignore,
// Prometheus's config loader and PromQL parser) and assert the
// properties the stack depends on: every service the worker needs exists and
// is healthy before the worker starts, images name exact versions, search
// attributes match the application code, no secret is committed and no
// credential has a default, every service is hardened (no-new-privileges,
// capabilities dropped, memory and pid limits, read-only root where the
// image allows), the image is static and runs as a non-root user. The
// security checks are also run on mutated copies of the compose file, to
// prove each one can fail (security_test.go; docs/security.md says why).
//
// It is its own Go module so that these libraries never enter the
// application's dependency graph:
//
//	cd tools/composecheck && go test ./...
package composecheck
