<#
.SYNOPSIS
    Installs mvo-xl for the current user on Windows, so the MVO buttons work in Excel.

.DESCRIPTION
    Four steps, each printed before it runs; -DryRun prints them and changes nothing.
      1. Find Python 3.10+ (the "py" launcher, else python.exe on PATH).
      2. pip install --user mvo-xl   (no administrator rights needed)
      3. xlwings addin install       (copies xlwings.xlam to Excel's XLSTART folder)
      4. Unblock-File on the workbook(s) given with -Workbook: removes the Mark of the Web that a
         file from e-mail, Teams or the internet carries, so Excel does not block its macros.
    Run it in PowerShell as the user who works in Excel (not as administrator), with Excel closed:
      powershell -ExecutionPolicy Bypass -File install-windows.ps1 -Workbook "C:\Users\me\Downloads\MVO-traject.xlsm"

.PARAMETER Workbook
    One or more .xlsm files to unblock (optional).

.PARAMETER Package
    What pip installs; default "mvo-xl". A wheel file or "mvo-xl==0.2.0" also work.

.PARAMETER DryRun
    Print what would be done, change nothing.
#>
[CmdletBinding()]
param(
    [string[]] $Workbook = @(),
    [string] $Package = "mvo-xl",
    [switch] $DryRun
)

$ErrorActionPreference = "Stop"

function Invoke-Step {
    param([string] $Description, [string[]] $Command, [scriptblock] $Action)
    Write-Host ""
    Write-Host "==> $Description"
    Write-Host ("    " + ($Command -join " "))
    if ($DryRun) {
        Write-Host "    (proefdraai: niets uitgevoerd)"
        return
    }
    & $Action
    if ($LASTEXITCODE -and $LASTEXITCODE -ne 0) {
        throw "Stap mislukt (exit code $LASTEXITCODE): $Description"
    }
}

# 1. Python
$python = $null
$pythonArgs = @()
if (Get-Command py -ErrorAction SilentlyContinue) {
    $python = "py"
    $pythonArgs = @("-3")
} elseif (Get-Command python -ErrorAction SilentlyContinue) {
    $python = "python"
}
if (-not $python) {
    if ($DryRun) {
        Write-Host "Python niet gevonden; een echte installatie zou hier stoppen. Verder als proefdraai met 'py'."
        $python = "py"
        $pythonArgs = @("-3")
    } else {
        Write-Error "Python niet gevonden. Installeer Python 3.10 of nieuwer (python.org, met het Python-startprogramma 'py') en probeer opnieuw."
        exit 1
    }
}
Invoke-Step "Python-versie controleren (3.10 of nieuwer)" (@($python) + $pythonArgs + @("--version")) {
    & $python @pythonArgs -c "import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)"
}

# 2. pip install --user
Invoke-Step "mvo-xl installeren voor deze gebruiker" (@($python) + $pythonArgs + @("-m", "pip", "install", "--user", "--upgrade", $Package)) {
    & $python @pythonArgs -m pip install --user --upgrade $Package
}

# 3. the xlwings add-in: "xlwings addin install", run through Python because a --user install's
#    Scripts folder (%APPDATA%\Python\PythonXY\Scripts) is often not on PATH
$xlwingsCli = "import xlwings.cli; xlwings.cli.main()"
Invoke-Step "de xlwings-invoegtoepassing installeren: xlwings addin install (Excel gesloten houden)" (@($python) + $pythonArgs + @("-c", "`"$xlwingsCli`"", "addin", "install")) {
    & $python @pythonArgs -c $xlwingsCli addin install
}

# 4. Mark of the Web
foreach ($file in $Workbook) {
    Invoke-Step "het internetlabel (Mark of the Web) verwijderen" @("Unblock-File", "-LiteralPath", "`"$file`"") {
        Unblock-File -LiteralPath $file
    }
}
if ($Workbook.Count -eq 0) {
    Write-Host ""
    Write-Host "Geen werkmap opgegeven met -Workbook: deblokkeer een gedownloade werkmap later met"
    Write-Host "    Unblock-File -LiteralPath 'C:\pad\naar\MVO-traject.xlsm'"
    Write-Host "of in Verkenner: rechtermuisknop > Eigenschappen > Deblokkeren."
}

Write-Host ""
if ($DryRun) {
    Write-Host "Proefdraai klaar: er is niets gewijzigd."
} else {
    Write-Host "Klaar. Open MVO-traject.xlsm in Excel: het tabblad MVO staat in het lint."
}
