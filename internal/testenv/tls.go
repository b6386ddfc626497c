package testenv

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// TLSServerName is the DNS name in the server certificate of a TestPKI; it
// differs from the address the tests dial (127.0.0.1), so a client must set
// the server name, as one does behind a load balancer.
const TLSServerName = "temporal.nbaflow.test"

// TestPKI is a certificate authority made for one test, with a server and
// a client certificate it signed, written as PEM files in a temporary
// directory.
type TestPKI struct {
	CACert     string // the CA certificate
	ServerCert string // the server certificate, for TLSServerName
	ServerKey  string
	ClientCert string // the client certificate
	ClientKey  string

	pool   *x509.CertPool
	server tls.Certificate
}

// NewTestPKI makes a CA, a server and a client certificate (ECDSA P-256,
// valid for an hour) and writes them under the test's temporary directory.
func NewTestPKI(t testing.TB) *TestPKI {
	t.Helper()
	dir := t.TempDir()
	p := &TestPKI{
		CACert:     filepath.Join(dir, "ca.pem"),
		ServerCert: filepath.Join(dir, "server.pem"),
		ServerKey:  filepath.Join(dir, "server-key.pem"),
		ClientCert: filepath.Join(dir, "client.pem"),
		ClientKey:  filepath.Join(dir, "client-key.pem"),
		pool:       x509.NewCertPool(),
	}
	caKey, caDER := newCert(t, &x509.Certificate{
		Subject:               pkix.Name{CommonName: "nbaflow test CA"},
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}, nil, nil)
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}
	p.pool.AddCert(ca)
	writePEM(t, p.CACert, "CERTIFICATE", caDER)

	serverKey, serverDER := newCert(t, &x509.Certificate{
		Subject:     pkix.Name{CommonName: TLSServerName},
		DNSNames:    []string{TLSServerName},
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}, ca, caKey)
	writePEM(t, p.ServerCert, "CERTIFICATE", serverDER)
	writeKey(t, p.ServerKey, serverKey)
	p.server = tls.Certificate{Certificate: [][]byte{serverDER}, PrivateKey: serverKey}

	clientKey, clientDER := newCert(t, &x509.Certificate{
		Subject:     pkix.Name{CommonName: "nbaflow test client"},
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}, ca, caKey)
	writePEM(t, p.ClientCert, "CERTIFICATE", clientDER)
	writeKey(t, p.ClientKey, clientKey)
	return p
}

// ServerConfig is the TLS configuration of a server presenting the server
// certificate, speaking HTTP/2 (gRPC needs ALPN "h2"); with requireClient
// it requires a client certificate signed by the CA (mTLS).
func (p *TestPKI) ServerConfig(requireClient bool) *tls.Config {
	cfg := &tls.Config{Certificates: []tls.Certificate{p.server}, NextProtos: []string{"h2"}, MinVersion: tls.VersionTLS12}
	if requireClient {
		cfg.ClientAuth = tls.RequireAndVerifyClientCert
		cfg.ClientCAs = p.pool
	}
	return cfg
}

// newCert makes a key and a certificate from tmpl, signed by parent and
// parentKey, or self-signed when parent is nil.
func newCert(t testing.TB, tmpl, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (*ecdsa.PrivateKey, []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		t.Fatal(err)
	}
	tmpl.SerialNumber = serial
	tmpl.NotBefore = time.Now().Add(-time.Minute)
	tmpl.NotAfter = time.Now().Add(time.Hour)
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		t.Fatal(err)
	}
	return key, der
}

func writeKey(t testing.TB, path string, key *ecdsa.PrivateKey) {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	writePEM(t, path, "PRIVATE KEY", der)
}

func writePEM(t testing.TB, path, blockType string, der []byte) {
	t.Helper()
	data := pem.EncodeToMemory(&pem.Block{Type: blockType, Bytes: der})
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TLSProxy listens on a free loopback port with cfg, and forwards each
// connection whose handshake succeeds to the plaintext address backend, as
// a TLS-terminating load balancer in front of a Temporal frontend does. It
// returns the address to dial; it stops when the test ends.
func TLSProxy(t testing.TB, backend string, cfg *tls.Config) string {
	t.Helper()
	ln, err := tls.Listen("tcp", "127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln, backend: backend, conns: map[net.Conn]struct{}{}}
	go p.serve()
	t.Cleanup(p.close)
	return ln.Addr().String()
}

type proxy struct {
	ln      net.Listener
	backend string
	wg      sync.WaitGroup
	mu      sync.Mutex
	conns   map[net.Conn]struct{}
	closed  bool
}

func (p *proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		if !p.track(c) {
			c.Close()
			return
		}
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.forward(c.(*tls.Conn))
		}()
	}
}

// track records c so that close can end it; false once closed.
func (p *proxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return false
	}
	p.conns[c] = struct{}{}
	return true
}

func (p *proxy) untrack(c net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.conns, c)
}

// forward completes the handshake of c (so a refused client certificate
// ends the connection here, before any byte reaches the backend) and then
// copies bytes both ways until either side closes.
func (p *proxy) forward(c *tls.Conn) {
	defer func() { p.untrack(c); c.Close() }()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.HandshakeContext(ctx); err != nil {
		return
	}
	b, err := net.Dial("tcp", p.backend)
	if err != nil {
		return
	}
	if !p.track(b) {
		b.Close()
		return
	}
	defer func() { p.untrack(b); b.Close() }()
	done := make(chan struct{}, 2)
	// Either side closing or failing ends both.
	pipe := func(dst, src net.Conn) {
		io.Copy(dst, src)
		dst.Close()
		src.Close()
		done <- struct{}{}
	}
	go pipe(b, c)
	go pipe(c, b)
	<-done
	<-done
}

func (p *proxy) close() {
	p.ln.Close()
	p.mu.Lock()
	p.closed = true
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
}
