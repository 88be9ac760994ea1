// Command pause is the sandbox ("pause") process of every pod on the test node: it holds the pod's namespaces
// open, reaps the zombies of processes that share its PID namespace, and exits 0 on SIGTERM or SIGINT.
// Built static (CGO_ENABLED=0) and packed as the only file of the sandbox image.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	signals := make(chan os.Signal, 8)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT, syscall.SIGCHLD)
	for s := range signals {
		if s != syscall.SIGCHLD {
			os.Exit(0)
		}
		for {
			var status syscall.WaitStatus
			pid, err := syscall.Wait4(-1, &status, syscall.WNOHANG, nil)
			if pid <= 0 || err != nil {
				break
			}
		}
	}
}
