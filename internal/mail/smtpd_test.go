package mail_test

// A small SMTP server for the tests, listening on 127.0.0.1: the mail server is
// the edge Kluwen does not own, so the tests talk to a real listener that speaks
// enough SMTP (EHLO, STARTTLS, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT)
// for net/smtp, and records what it received.

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

type received struct {
	from     string
	to       []string
	data     string
	tls      bool
	authUser string
}

type smtpServer struct {
	t         *testing.T
	ln        net.Listener
	serverTLS *tls.Config
	clientTLS *tls.Config // trusts the server's certificate
	noTLS     bool        // do not offer STARTTLS
	user, pw  string      // AUTH PLAIN credentials that are accepted

	mu   sync.Mutex
	msgs []received
	// rcpt answers RCPT TO; nil accepts. It gets the number of RCPT commands seen.
	rcpt  func(n int) string
	nRcpt int
}

func newSMTPServer(t *testing.T) *smtpServer {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "test-smtp"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{
		t: t, ln: ln, user: "kluwen", pw: "geheim-wachtwoord",
		serverTLS: &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		clientTLS: &tls.Config{RootCAs: pool},
	}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				s.serve(c)
			}()
		}
	}()
	return s
}

func (s *smtpServer) port() int { return s.ln.Addr().(*net.TCPAddr).Port }

func (s *smtpServer) messages() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.msgs...)
}

func (s *smtpServer) setRcpt(fn func(n int) string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rcpt, s.nRcpt = fn, 0
}

func (s *smtpServer) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	tp := textproto.NewConn(c)
	reply := func(line string) { tp.PrintfLine("%s", line) }
	reply("220 test-smtp ESMTP")
	var cur received
	secure := false
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			lines := []string{"250-test-smtp"}
			if !secure && !s.noTLS {
				lines = append(lines, "250-STARTTLS")
			}
			if secure {
				lines = append(lines, "250-AUTH PLAIN")
			}
			for _, l := range lines {
				tp.PrintfLine("%s", l)
			}
			reply("250 8BITMIME")
		case "STARTTLS":
			if secure || s.noTLS {
				reply("503 5.5.1 not now")
				continue
			}
			reply("220 2.0.0 go ahead")
			tc := tls.Server(c, s.serverTLS)
			if err := tc.Handshake(); err != nil {
				return
			}
			c, secure = tc, true
			tp = textproto.NewConn(tc)
			reply = func(line string) { tp.PrintfLine("%s", line) }
		case "AUTH":
			mech, resp, _ := strings.Cut(arg, " ")
			b, _ := base64.StdEncoding.DecodeString(resp)
			parts := strings.Split(string(b), "\x00")
			if !secure || strings.ToUpper(mech) != "PLAIN" || len(parts) != 3 || parts[1] != s.user || parts[2] != s.pw {
				reply("535 5.7.8 authentication failed")
				continue
			}
			cur.authUser = parts[1]
			reply("235 2.7.0 ok")
		case "MAIL":
			cur.from = addrOf(arg)
			reply("250 2.1.0 ok")
		case "RCPT":
			s.mu.Lock()
			s.nRcpt++
			fn, n := s.rcpt, s.nRcpt
			s.mu.Unlock()
			if fn != nil {
				if r := fn(n); r != "" {
					reply(r)
					continue
				}
			}
			cur.to = append(cur.to, addrOf(arg))
			reply("250 2.1.5 ok")
		case "DATA":
			reply("354 end with <CR><LF>.<CR><LF>")
			data, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			cur.data, cur.tls = string(data), secure
			s.mu.Lock()
			s.msgs = append(s.msgs, cur)
			s.mu.Unlock()
			cur = received{authUser: cur.authUser}
			reply("250 2.0.0 queued")
		case "RSET":
			cur = received{authUser: cur.authUser}
			reply("250 2.0.0 ok")
		case "NOOP":
			reply("250 2.0.0 ok")
		case "QUIT":
			reply("221 2.0.0 bye")
			return
		default:
			reply("500 5.5.2 unknown command")
		}
	}
}

// addrOf returns the address between < and > in a MAIL or RCPT argument.
func addrOf(arg string) string {
	i, j := strings.IndexByte(arg, '<'), strings.IndexByte(arg, '>')
	if i < 0 || j < i {
		return ""
	}
	return arg[i+1 : j]
}
