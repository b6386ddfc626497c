// Package composecheck holds offline checks of nbaflow's deployment files:
// docker-compose.yml, Dockerfile and .dockerignore at the repository root.
//
// Nothing here starts a container. The checks load the files with the same
// libraries Docker uses (compose-go for Compose, BuildKit's Dockerfile
// frontend and linter, moby/patternmatcher for .dockerignore) and assert the
// properties the stack depends on: every service the worker needs exists and
// is healthy before the worker starts, images are pinned, search attributes
// match the application code, no secret is committed, the image is static
// and runs as a non-root user.
//
// It is its own Go module so that these libraries never enter the
// application's dependency graph:
//
//	cd tools/composecheck && go test ./...
package composecheck
