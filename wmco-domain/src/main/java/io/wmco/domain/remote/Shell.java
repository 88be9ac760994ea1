package io.wmco.domain.remote;

/**
 * The two shells a Windows host may offer as its SSH default. The operator probes which one answers and
 * wraps commands written for the other one.
 */
public enum Shell {
    /** {@code cmd.exe}: the OpenSSH default on a fresh Windows Server. */
    CMD,
    /** Windows PowerShell: common when administrators change the OpenSSH {@code DefaultShell}. */
    POWERSHELL
}
