# hns.psm1: the few Host Networking Service (HNS) commands the operator runs on a Windows node, written for this
# project. It talks to the HNS v1 JSON interface that vmcompute.dll exports (HNSCall: method, path, request,
# response), which Windows Server 2019, 2022 and 2025 provide with the Containers feature.
#
#   Import-Module C:\k\hns.psm1
#   Get-HnsNetwork                              # every network, objects with Name, ID, Type, ...
#   Get-HnsNetwork | Where-Object { $_.Name -eq 'OVNKubernetesHybridOverlayNetwork' } | Remove-HnsNetwork
#   Get-HnsEndpoint                             # every endpoint, objects with Name, ID, IPAddress, ...
#   New-HnsEndpoint -NetworkId <id> -Name VIPEndpoint   # returns the new endpoint (IPAddress assigned by HNS)
#
# Every command throws when HNS reports a failure, so a caller that stops on errors sees it.

Set-StrictMode -Version Latest

$wmcoHnsSource = @'
using System;
using System.Runtime.InteropServices;

namespace Wmco.Hns {
    public static class Native {
        [DllImport("vmcompute.dll", CharSet = CharSet.Unicode, ExactSpelling = true)]
        public static extern int HNSCall(
            [MarshalAs(UnmanagedType.LPWStr)] string method,
            [MarshalAs(UnmanagedType.LPWStr)] string path,
            [MarshalAs(UnmanagedType.LPWStr)] string request,
            [MarshalAs(UnmanagedType.LPWStr)] out string response);
    }
}
'@
if (-not ('Wmco.Hns.Native' -as [type])) {
    Add-Type -TypeDefinition $wmcoHnsSource
}

function Invoke-WmcoHnsCall {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [ValidateSet('GET', 'POST', 'DELETE')] [string] $Method,
        [Parameter(Mandatory = $true)] [string] $Path,
        [string] $Request = ''
    )
    $response = ''
    $status = [Wmco.Hns.Native]::HNSCall($Method, $Path, $Request, [ref] $response)
    if ($status -ne 0) {
        throw ('HNS call {0} {1} failed with status 0x{2:X8}' -f $Method, $Path, $status)
    }
    if ([string]::IsNullOrEmpty($response)) {
        return $null
    }
    $answer = $response | ConvertFrom-Json
    if (-not $answer.Success) {
        throw ('HNS call {0} {1} was refused: {2}' -f $Method, $Path, $answer.Error)
    }
    if ($answer.PSObject.Properties.Name -contains 'Output') {
        return $answer.Output
    }
    return $null
}

function Get-HnsNetwork {
    [CmdletBinding()]
    param([string] $Id = '')
    Invoke-WmcoHnsCall -Method GET -Path ('/networks/' + $Id) | ForEach-Object { $_ }
}

function Remove-HnsNetwork {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, ValueFromPipeline = $true)] $InputObject)
    process {
        Invoke-WmcoHnsCall -Method DELETE -Path ('/networks/' + $InputObject.ID) | Out-Null
    }
}

function Get-HnsEndpoint {
    [CmdletBinding()]
    param([string] $Id = '')
    Invoke-WmcoHnsCall -Method GET -Path ('/endpoints/' + $Id) | ForEach-Object { $_ }
}

function New-HnsEndpoint {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $NetworkId,
        [Parameter(Mandatory = $true)] [string] $Name
    )
    $request = @{ Name = $Name; VirtualNetwork = $NetworkId } | ConvertTo-Json -Compress
    Invoke-WmcoHnsCall -Method POST -Path '/endpoints/' -Request $request
}

Export-ModuleMember -Function 'Get-HnsNetwork', 'Remove-HnsNetwork', 'Get-HnsEndpoint', 'New-HnsEndpoint'
