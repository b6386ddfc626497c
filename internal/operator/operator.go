// Package operator is what the operator CLI does through Temporal: start a
// daily run or a backfill, re-run a backfill's failed dates, manage the
// nba-daily Schedule, and watch a run's progress. It talks to Temporal only
// through the client and to the workflows only through their inputs,
// queries and results; it must not import activities or the warehouse.
package operator

import (
	"fmt"
	"net/url"

	"go.temporal.io/sdk/client"

	"nbaflow/internal/temporalconn"
	"nbaflow/workflows"
)

// Operator holds a Temporal client and where runs go.
type Operator struct {
	Client    client.Client
	Namespace string
	TaskQueue string
	// UIBase is the Temporal UI's address, for links in summaries.
	UIBase string
}

// New returns an Operator with defaults for the empty fields.
func New(c client.Client, namespace, taskQueue, uiBase string) *Operator {
	if taskQueue == "" {
		taskQueue = workflows.DefaultTaskQueue
	}
	if namespace == "" {
		namespace = temporalconn.DefaultNamespace
	}
	if uiBase == "" {
		uiBase = temporalconn.DefaultUIURL
	}
	return &Operator{Client: c, Namespace: namespace, TaskQueue: taskQueue, UIBase: uiBase}
}

// Run names one workflow execution.
type Run struct {
	WorkflowID string `json:"workflow_id"`
	RunID      string `json:"run_id"`
	// Existing is true when the run was already in progress and was joined
	// instead of started.
	Existing bool `json:"existing,omitempty"`
}

// UILink is the Temporal UI page of a run.
func (o *Operator) UILink(r Run) string {
	return fmt.Sprintf("%s/namespaces/%s/workflows/%s/%s/history",
		o.UIBase, url.PathEscape(o.Namespace), url.PathEscape(r.WorkflowID), url.PathEscape(r.RunID))
}
