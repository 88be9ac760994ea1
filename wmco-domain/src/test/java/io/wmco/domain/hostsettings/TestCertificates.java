package io.wmco.domain.hostsettings;

/** Two self-signed CA certificates made with openssl for these tests, with the SHA-1 thumbprints openssl printed. */
public final class TestCertificates {
    private TestCertificates() {}

    public static final String A = "-----BEGIN CERTIFICATE-----\n"
            + "MIIBhzCCAS2gAwIBAgIUZNfl5kvOMfSiMbwtQSGbmYHXqTMwCgYIKoZIzj0EAwIw\n"
            + "GTEXMBUGA1UEAwwOd21jbyB0ZXN0IGNhIGEwHhcNMjYxMjAyMDU0NzA4WhcNMzYx\n"
            + "MTI5MDU0NzA4WjAZMRcwFQYDVQQDDA53bWNvIHRlc3QgY2EgYTBZMBMGByqGSM49\n"
            + "AgEGCCqGSM49AwEHA0IABOowXcNftCf0Y/cwg+acaWzxNU7T1qJzwsgXnSRMnhZm\n"
            + "R9OAd00QjXRnt1KdMpHCh2BzwXGfEapUU4NhiPMURxGjUzBRMB0GA1UdDgQWBBRW\n"
            + "8v5evOrfo6QsRXqmZs8BuZ7rlzAfBgNVHSMEGDAWgBRW8v5evOrfo6QsRXqmZs8B\n"
            + "uZ7rlzAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIFhjIa9w1Dk9\n"
            + "v6+cfhnhHUwWgg9CrbNIyNZZifks8QhSAiEA65+19/Q6bNeUZ3CVh/P8zphr97sG\n"
            + "n4pia8AvAves5TY=\n"
            + "-----END CERTIFICATE-----\n";
    public static final String A_THUMBPRINT = "2B88AD17748D8EDC67CE3F4F93DDE700D709CFB8";
    public static final String B = "-----BEGIN CERTIFICATE-----\n"
            + "MIIBhzCCAS2gAwIBAgIUVCZNM2M8OtO/O41T0Bw4qFPmTm8wCgYIKoZIzj0EAwIw\n"
            + "GTEXMBUGA1UEAwwOd21jbyB0ZXN0IGNhIGIwHhcNMjYxMjAyMDU0NzA4WhcNMzYx\n"
            + "MTI5MDU0NzA4WjAZMRcwFQYDVQQDDA53bWNvIHRlc3QgY2EgYjBZMBMGByqGSM49\n"
            + "AgEGCCqGSM49AwEHA0IABLuMLTwM44rz1JLFWwnlmOwbJXqi33EdXHmtjs7XQ20s\n"
            + "tw+F8cnuh/+CQbkQ6o5vjojFPcufEfG8UP3rc16m5FqjUzBRMB0GA1UdDgQWBBS2\n"
            + "D4RuQ6PICygbzrEl7BSO/ltCRDAfBgNVHSMEGDAWgBS2D4RuQ6PICygbzrEl7BSO\n"
            + "/ltCRDAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIFPNlBWWUvrM\n"
            + "LS9xD4o1d5XSd4/lp7QMV0oCVWsY8xRaAiEAjzCOVlo/EhD84xo8TFBHF0J6b2vS\n"
            + "ergZQ7uxhDL4Qd0=\n"
            + "-----END CERTIFICATE-----\n";
    public static final String B_THUMBPRINT = "29E5DD9580AF112D59DCA9AB549F401D6246EABF";
}
