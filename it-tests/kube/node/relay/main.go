// Command relay joins the test JVM's network namespace and the test node's own network namespace with TCP
// forwards, like a port mapping of a container engine. It reads commands on stdin, one per line, and answers each
// on stdout with "ok LISTEN" or "error LISTEN: reason":
//
//	in LISTEN DIAL    listen in the relay's own namespace, connect inside -netns
//	out LISTEN DIAL   listen inside -netns, connect in the relay's own namespace
//
// LISTEN and DIAL are IPv4 host:port pairs. The relay exits when stdin closes, so it never outlives the process
// that started it. A socket belongs to the namespace of the thread that created it: each listen or dial inside
// -netns runs on a locked OS thread that enters the namespace for that one call and leaves it again.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"
)

var (
	target *os.File
	own    *os.File
	out    sync.Mutex
)

func main() {
	netns := flag.String("netns", "", "path of the network namespace, e.g. /run/netns/NAME")
	flag.Parse()
	if *netns == "" {
		fmt.Fprintln(os.Stderr, "usage: relay -netns /run/netns/NAME < commands")
		os.Exit(2)
	}
	var err error
	if target, err = os.Open(*netns); err != nil {
		fmt.Fprintf(os.Stderr, "relay: %v\n", err)
		os.Exit(2)
	}
	if own, err = os.Open("/proc/self/ns/net"); err != nil {
		fmt.Fprintf(os.Stderr, "relay: %v\n", err)
		os.Exit(2)
	}
	lines := bufio.NewScanner(os.Stdin)
	for lines.Scan() {
		fields := strings.Fields(lines.Text())
		if len(fields) == 0 {
			continue
		}
		if len(fields) != 3 || (fields[0] != "in" && fields[0] != "out") {
			reply("error %s: expected \"in|out LISTEN DIAL\"", lines.Text())
			continue
		}
		inward := fields[0] == "in"
		listener, err := inNamespace(!inward, func() (any, error) { return net.Listen("tcp4", fields[1]) })
		if err != nil {
			reply("error %s: %v", fields[1], err)
			continue
		}
		go accept(listener.(net.Listener), fields[2], inward)
		reply("ok %s", listener.(net.Listener).Addr())
	}
	os.Exit(0)
}

func reply(format string, args ...any) {
	out.Lock()
	defer out.Unlock()
	fmt.Printf(format+"\n", args...)
}

// inNamespace runs call inside the target namespace when enter is true, else in the relay's own.
func inNamespace(enter bool, call func() (any, error)) (any, error) {
	if !enter {
		return call()
	}
	runtime.LockOSThread()
	if err := setns(target); err != nil {
		runtime.UnlockOSThread()
		return nil, err
	}
	result, callErr := call()
	if err := setns(own); err != nil {
		// The thread stays locked and is discarded when this goroutine ends: it must not serve other work.
		return result, errors.Join(callErr, err)
	}
	runtime.UnlockOSThread()
	return result, callErr
}

func setns(ns *os.File) error {
	_, _, errno := syscall.RawSyscall(sysSetns, ns.Fd(), syscall.CLONE_NEWNET, 0)
	if errno != 0 {
		return fmt.Errorf("setns: %w", errno)
	}
	return nil
}

func accept(listener net.Listener, dial string, inward bool) {
	for {
		conn, err := listener.Accept()
		if err != nil {
			fmt.Fprintf(os.Stderr, "relay: accept on %s: %v\n", listener.Addr(), err)
			return
		}
		go forward(conn, dial, inward)
	}
}

func forward(client net.Conn, dial string, inward bool) {
	defer client.Close()
	upstream, err := inNamespace(inward, func() (any, error) { return net.DialTimeout("tcp4", dial, 10*time.Second) })
	if err != nil {
		fmt.Fprintf(os.Stderr, "relay: %s -> %s: %v\n", client.LocalAddr(), dial, err)
		return
	}
	server := upstream.(net.Conn)
	defer server.Close()
	done := make(chan struct{}, 2)
	pipe := func(to, from net.Conn) {
		_, _ = io.Copy(to, from)
		if tcp, ok := to.(*net.TCPConn); ok {
			_ = tcp.CloseWrite()
		}
		done <- struct{}{}
	}
	go pipe(server, client)
	go pipe(client, server)
	<-done
	<-done
}
