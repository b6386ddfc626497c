package bigquery

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	bq "cloud.google.com/go/bigquery"
	"google.golang.org/api/googleapi"

	"nbaflow/internal/warehouse"
)

// retryableReasons are the error reasons of BigQuery that a later attempt
// of the same request can overcome: BigQuery's own faults and its limits on
// rate and concurrency.
var retryableReasons = map[string]bool{
	"backendError":         true,
	"internalError":        true,
	"jobBackendError":      true,
	"jobInternalError":     true,
	"rateLimitExceeded":    true,
	"jobRateLimitExceeded": true,
	"quotaExceeded":        true, // "too many DML statements outstanding" passes; a daily quota runs out the retries
	"stopped":              true, // a job cancelled by someone else
	"timeout":              true,
}

// concurrencyMessages are the messages of the "invalidQuery" errors that
// only say another statement got there first.
var concurrencyMessages = []string{"due to concurrent update", "could not serialize access"}

// classify marks err with warehouse.ErrRejected when BigQuery refused the
// request in a way that retrying cannot change: an invalid statement, a
// missing table, a schema error, no permission. Anything else (BigQuery's
// faults, rate and concurrency limits, a concurrent update, the network) is
// left retryable.
func classify(err error) error {
	if err == nil || retryable(err) {
		return err
	}
	return fmt.Errorf("%w: %w", warehouse.ErrRejected, err)
}

func retryable(err error) bool {
	var jobErr *bq.Error
	if errors.As(err, &jobErr) {
		return retryableReason(jobErr.Reason, jobErr.Message)
	}
	var apiErr *googleapi.Error
	if errors.As(err, &apiErr) {
		if apiErr.Code >= 500 || apiErr.Code == http.StatusTooManyRequests {
			return true
		}
		for _, e := range apiErr.Errors {
			if retryableReason(e.Reason, e.Message) {
				return true
			}
		}
		return len(apiErr.Errors) == 0 && retryableReason("", apiErr.Message)
	}
	return true // the network, a timeout, a cancelled context
}

func retryableReason(reason, message string) bool {
	if retryableReasons[reason] {
		return true
	}
	msg := strings.ToLower(message)
	for _, m := range concurrencyMessages {
		if strings.Contains(msg, m) {
			return true
		}
	}
	return false
}
