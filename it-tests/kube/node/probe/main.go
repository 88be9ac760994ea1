// Command probe is the workload of the test node's own checks: "serve" answers HTTP (for kubelet probes and
// Service routing), "get" fetches one URL from inside a pod (through a Service, with the pod's token and CA when
// asked) and prints what it got. Built static (CGO_ENABLED=0) and packed as the only file of the probe image.
//
//	probe serve -listen :8080 -name NAME
//	probe get [-ca FILE | -insecure] [-token FILE] [-within 60s] [-expect TEXT] URL
//
// "get" retries until the answer is 2xx (and contains -expect) or -within has passed; exit 0 on success, 1 on
// failure, 2 on bad usage.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: probe serve|get ...")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "serve":
		serve(os.Args[2:])
	case "get":
		os.Exit(get(os.Args[2:]))
	default:
		fmt.Fprintf(os.Stderr, "probe: unknown command %q (serve, get)\n", os.Args[1])
		os.Exit(2)
	}
}

func serve(args []string) {
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	listen := fs.String("listen", ":8080", "address to listen on")
	name := fs.String("name", "probe", "name in answers")
	_ = fs.Parse(args)
	host, _ := os.Hostname()
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s on %s answered %s\n", *name, host, r.URL.Path)
	})
	server := &http.Server{Addr: *listen, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-stop
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = server.Shutdown(ctx)
	}()
	fmt.Printf("probe %s serving on %s\n", *name, *listen)
	if err := server.ListenAndServe(); err != nil && err != http.ErrServerClosed {
		fmt.Fprintf(os.Stderr, "probe: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("probe %s stopped\n", *name)
}

func get(args []string) int {
	fs := flag.NewFlagSet("get", flag.ContinueOnError)
	caFile := fs.String("ca", "", "PEM file of the CA that verifies the server (default: system roots)")
	tokenFile := fs.String("token", "", "file holding a bearer token to send")
	within := fs.Duration("within", 60*time.Second, "keep trying this long")
	expect := fs.String("expect", "", "text the body must contain")
	insecure := fs.Bool("insecure", false, "speak TLS without verifying the server (a self-signed serving certificate)")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: probe get [-ca FILE | -insecure] [-token FILE] [-within 60s] [-expect TEXT] URL")
		return 2
	}
	url := fs.Arg(0)
	transport := &http.Transport{}
	if *caFile != "" {
		pem, err := os.ReadFile(*caFile)
		if err != nil {
			fmt.Fprintf(os.Stderr, "probe: cannot read -ca: %v\n", err)
			return 2
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			fmt.Fprintf(os.Stderr, "probe: no certificate in %s\n", *caFile)
			return 2
		}
		transport.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	} else if *insecure {
		transport.TLSClientConfig = &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS12}
	}
	client := &http.Client{Transport: transport, Timeout: 5 * time.Second}
	deadline := time.Now().Add(*within)
	var last string
	for attempt := 1; ; attempt++ {
		ok, report := once(client, url, *tokenFile, *expect)
		if ok {
			fmt.Printf("probe get %s: %s", url, report)
			return 0
		}
		last = report
		if time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Duration(min(attempt, 10)) * 200 * time.Millisecond)
	}
	fmt.Printf("probe get %s failed: %s\n", url, last)
	return 1
}

func once(client *http.Client, url, tokenFile, expect string) (bool, string) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return false, err.Error()
	}
	if tokenFile != "" {
		token, err := os.ReadFile(tokenFile)
		if err != nil {
			return false, "cannot read -token: " + err.Error()
		}
		req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(string(token)))
	}
	resp, err := client.Do(req)
	if err != nil {
		return false, err.Error()
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	report := fmt.Sprintf("HTTP %d\n%s", resp.StatusCode, body)
	if !strings.HasSuffix(report, "\n") {
		report += "\n"
	}
	good := resp.StatusCode/100 == 2 && strings.Contains(string(body), expect)
	return good, report
}
