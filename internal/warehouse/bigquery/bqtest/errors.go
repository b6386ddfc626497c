package bqtest

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// JobError is the error a job ended with, as BigQuery reports it in
// status.errorResult.
type JobError struct {
	Reason   string
	Message  string
	Location string
}

func (e *JobError) Error() string { return e.Reason + ": " + e.Message }

// httpCodes maps an error reason to the HTTP status BigQuery answers it
// with (cloud.google.com/bigquery/docs/error-messages). BigQuery lists
// "stopped" as 200; jobs.getQueryResults of a cancelled job must still be an
// error for the client, so the fake answers it 400.
var httpCodes = map[string]int{
	"accessDenied":         http.StatusForbidden,
	"backendError":         http.StatusServiceUnavailable,
	"duplicate":            http.StatusConflict,
	"internalError":        http.StatusInternalServerError,
	"jobRateLimitExceeded": http.StatusForbidden,
	"notFound":             http.StatusNotFound,
	"notImplemented":       http.StatusNotImplemented,
	"quotaExceeded":        http.StatusForbidden,
	"rateLimitExceeded":    http.StatusForbidden,
	"responseTooLarge":     http.StatusForbidden,
}

// httpCode is the HTTP status of an error with reason; 400 for the reasons
// BigQuery answers 400 (invalid, invalidQuery, stopped, resourceInUse, ...).
func httpCode(reason string) int {
	if c, ok := httpCodes[reason]; ok {
		return c
	}
	return http.StatusBadRequest
}

// grpcStatus names an HTTP status the way BigQuery's error.status does.
func grpcStatus(code int) string {
	switch code {
	case http.StatusNotFound:
		return "NOT_FOUND"
	case http.StatusConflict:
		return "ALREADY_EXISTS"
	case http.StatusForbidden:
		return "PERMISSION_DENIED"
	case http.StatusInternalServerError:
		return "INTERNAL"
	case http.StatusNotImplemented:
		return "UNIMPLEMENTED"
	case http.StatusServiceUnavailable:
		return "UNAVAILABLE"
	}
	return "INVALID_ARGUMENT"
}

type errorItem struct {
	Reason   string `json:"reason"`
	Message  string `json:"message"`
	Domain   string `json:"domain"`
	Location string `json:"location,omitempty"`
}

type errorBody struct {
	Error struct {
		Code    int         `json:"code"`
		Message string      `json:"message"`
		Errors  []errorItem `json:"errors"`
		Status  string      `json:"status"`
	} `json:"error"`
}

// writeError answers errs (the first one leads) in BigQuery's error shape,
// with the HTTP status of the first one's reason.
func writeError(w http.ResponseWriter, errs ...*JobError) {
	var body errorBody
	body.Error.Code = httpCode(errs[0].Reason)
	body.Error.Message = errs[0].Message
	body.Error.Status = grpcStatus(body.Error.Code)
	for _, e := range errs {
		body.Error.Errors = append(body.Error.Errors, errorItem{Reason: e.Reason, Message: e.Message, Domain: "global", Location: e.Location})
	}
	writeJSON(w, body.Error.Code, body)
}

// noContent is the result of a request answered 204 No Content.
var noContent = new(struct{})

// answer runs f under s.mu and writes its result, or its error in
// BigQuery's shape.
func (s *Server) answer(w http.ResponseWriter, f func() (any, *JobError)) {
	s.mu.Lock()
	v, e := f()
	s.mu.Unlock()
	switch {
	case e != nil:
		writeError(w, e)
	case v == noContent:
		w.WriteHeader(http.StatusNoContent)
	default:
		writeJSON(w, http.StatusOK, v)
	}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v) //nolint:errcheck // the client sees a broken body
}

func errorf(reason, format string, args ...any) *JobError {
	return &JobError{Reason: reason, Message: fmt.Sprintf(format, args...)}
}

// The messages of BigQuery's errors that the fake answers.

func tableNotFound(project, table, location string) *JobError {
	return errorf("notFound", "Not found: Table %s:%s was not found in location %s", project, table, location)
}

func datasetNotFound(project, dataset string) *JobError {
	return errorf("notFound", "Not found: Dataset %s:%s", project, dataset)
}

func tableExists(project, table string) *JobError {
	return errorf("duplicate", "Already Exists: Table %s:%s", project, table)
}

func transactionAborted(project, table string) *JobError {
	return errorf("invalidQuery", "Transaction is aborted due to concurrent update against table %s:%s.", project, table)
}

func serializationConflict(project, table string) *JobError {
	return errorf("invalidQuery", "Could not serialize access to table %s:%s due to concurrent update", project, table)
}

func cancelled() *JobError {
	return errorf("stopped", "Job execution was cancelled: User requested cancellation")
}

func tooManyModifications() *JobError {
	return errorf("quotaExceeded", "Quota exceeded: Your table exceeded quota for imports or query appends per table. For more information, see https://cloud.google.com/bigquery/docs/troubleshoot-quotas")
}

// unsupported is the answer to a request the fake does not serve, phrased so
// that a failing test says what to change.
func unsupported(format string, args ...any) *JobError {
	return errorf("invalid", "bqtest: "+format, args...)
}
