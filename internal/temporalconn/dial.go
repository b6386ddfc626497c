package temporalconn

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"strings"
	"time"

	"go.temporal.io/sdk/client"
)

// DialTimeout bounds connecting to Temporal (the first call,
// GetSystemInfo, included), so that a server that cannot be reached is an
// error at start rather than a hang.
const DialTimeout = 10 * time.Second

// Dial connects to Temporal with opts within DialTimeout. When it fails,
// the error says why in an operator's terms (see explainDialError) and
// wraps the SDK's.
func Dial(ctx context.Context, opts client.Options) (client.Client, error) {
	dialCtx, cancel := context.WithTimeout(ctx, DialTimeout)
	defer cancel()
	c, err := client.DialContext(dialCtx, opts)
	if err != nil {
		return nil, explainDialError(ctx, opts, err)
	}
	return c, nil
}

// explainDialError says why dialing Temporal with opts failed. A failed
// TLS handshake (the server wanted a client certificate or refused it, its
// certificate is not trusted or is for another name, one side does not
// speak TLS) is named as such, with the setting to look at. The result
// wraps err.
//
// With TLS on and an error that does not name TLS, it makes one TLS
// handshake of its own (probeTLS), bounded by ctx and tlsProbeTimeout, to
// find out: under TLS 1.3 a server refuses a client certificate only after
// the client's side of the handshake is done, and gRPC, which writes at
// once, often sees the connection reset ("broken pipe") rather than the
// server's alert.
func explainDialError(ctx context.Context, opts client.Options, err error) error {
	msg := err.Error()
	cause := ""
	switch {
	case isTLSFailure(msg):
		cause = tlsCause(msg)
	case opts.ConnectionOptions.TLS != nil:
		if perr := probeTLS(ctx, opts); perr != nil && isTLSFailure(perr.Error()) {
			cause, msg = perr.Error(), perr.Error()
		}
	}
	hint := ""
	for _, h := range dialHints {
		if strings.Contains(msg, h.match) && h.tls == (opts.ConnectionOptions.TLS != nil) {
			hint = " (" + h.hint + ")"
			break
		}
	}
	if cause != "" {
		return &dialError{fmt.Sprintf("TLS handshake with %s failed: %s%s", opts.HostPort, cause, hint), err}
	}
	return &dialError{fmt.Sprintf("connect to Temporal at %s: %s%s", opts.HostPort, msg, hint), err}
}

// tlsProbeTimeout bounds the handshake of probeTLS, and the wait for the
// server's verdict within it.
const (
	tlsProbeTimeout = 3 * time.Second
	tlsVerdictWait  = time.Second
)

// probeTLS makes a TLS handshake with the server as gRPC would (the same
// configuration, ALPN h2) and, since it sends nothing after it, reads the
// server's alert if the server refuses the handshake. It returns nil if
// the server accepts it (it sends its HTTP/2 settings, or nothing in
// tlsVerdictWait).
func probeTLS(ctx context.Context, opts client.Options) error {
	cfg := opts.ConnectionOptions.TLS.Clone()
	cfg.NextProtos = []string{"h2"}
	if cfg.ServerName == "" {
		// As gRPC does: the name to verify is the host dialed.
		cfg.ServerName, _, _ = net.SplitHostPort(opts.HostPort)
	}
	ctx, cancel := context.WithTimeout(ctx, tlsProbeTimeout)
	defer cancel()
	conn, err := (&tls.Dialer{Config: cfg}).DialContext(ctx, "tcp", opts.HostPort)
	if err != nil {
		return err
	}
	defer conn.Close()
	conn.SetReadDeadline(time.Now().Add(tlsVerdictWait))
	if _, err := conn.Read(make([]byte, 1)); err != nil && isTLSFailure(err.Error()) {
		return err
	}
	return nil
}

// dialError is a failed dial, told more plainly than gRPC tells it.
type dialError struct {
	msg string
	err error
}

func (e *dialError) Error() string { return e.msg }
func (e *dialError) Unwrap() error { return e.err }

// tlsCause is the TLS error inside gRPC's text for a failed dial, such as
// `failed reaching server: connection error: desc = "transport:
// authentication handshake failed: tls: ..."`, or msg if it has another
// form.
func tlsCause(msg string) string {
	const desc = `desc = "`
	i := strings.Index(msg, desc)
	if i < 0 {
		return msg
	}
	cause := strings.TrimSuffix(msg[i+len(desc):], `"`)
	for _, prefix := range []string{"transport: authentication handshake failed: ", "error reading server preface: "} {
		cause = strings.TrimPrefix(cause, prefix)
	}
	return cause
}

// isTLSFailure reports whether a dial error is a failed TLS handshake.
// gRPC keeps only the text of the transport's error, so the text is all
// there is to go by.
func isTLSFailure(msg string) bool {
	for _, s := range []string{"tls:", "x509:", "authentication handshake failed"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// dialHints say what to set for the dial errors operators meet, by a part
// of the error's text and whether TLS was on.
var dialHints = []struct {
	match string
	tls   bool
	hint  string
}{
	{"certificate required", true, "the server requires a client certificate: set TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH"},
	{"bad certificate", true, "the server refused the client certificate"},
	{"unknown certificate authority", true, "the server does not trust the CA of the client certificate"},
	{"unknown authority", true, "the server's certificate is not signed by a CA this host trusts: set TEMPORAL_TLS_SERVER_CA_CERT_PATH to its CA"},
	{"IP SANs", true, "the server's certificate is not for this address: set TEMPORAL_TLS_SERVER_NAME to the name it is for"},
	{"certificate is valid for", true, "the server's certificate is not for this name: set TEMPORAL_TLS_SERVER_NAME to the name it is for"},
	{"first record does not look like a TLS handshake", true, "the server does not speak TLS: set TEMPORAL_TLS=false, or use its TLS address"},
	// A TLS server answers a plaintext client by closing the connection;
	// the client reads that as EOF or, when the close races its writes, as
	// a reset.
	{"server preface: EOF", false, "the server closed the connection: if it requires TLS, set TEMPORAL_TLS=true or its CA and client certificate"},
	{"server preface: connection reset by peer", false, "the server reset the connection: if it requires TLS, set TEMPORAL_TLS=true or its CA and client certificate"},
}
