"""The CLI under Windows' limits, simulated on Linux, gives the same results as on Linux.

Each command runs as a subprocess with ``tests/winsim`` on PYTHONPATH (its
``sitecustomize`` refuses POSIX-only modules, removes ``os.fork``, allows only
the ``spawn`` start method) and a cp1252 stdout/stderr, the code page of a
redirected console on a Flemish Windows PC. The work folder mirrors
``C:\\Users\\Zoë De Smet\\OneDrive - Gemeente\\MVO traject`` under a temporary
folder, with the same name characters. The same commands run in this process
without the simulation give the baseline.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path, PureWindowsPath

import pytest
from openpyxl import load_workbook

from mvo_xl.cli import main
from mvo_xl.cli.common import default_output
from tests.builders import clean_content, write_workbook
from tests.hostile import make_random_bytes

WINSIM = Path(__file__).parent / "winsim"
REPO = Path(__file__).resolve().parent.parent
WINDOWS_FOLDER = PureWindowsPath(r"C:\Users\Zoë De Smet\OneDrive - Gemeente\MVO traject")
TODAY = ["--vandaag", "27/11/2026"]
DEMO = "Voorbeeld Zoë's werkmap.xlsx"
SUBMISSIONS = "Inzendingen 2026 (dienst Welzijn)"

# (name, argv) in order; later commands read what earlier ones wrote.
COMMANDS: list[tuple[str, list[str]]] = [
    ("demo", ["demo", DEMO]),
    ("template_xlsx", ["template", "Leeg sjabloon – Zoë.xlsx"]),
    ("template_xlsm", ["template", "Leeg sjabloon – Zoë.xlsm"]),
    ("group", ["group", DEMO, "-o", "Gegroepeerd Zoë.xlsx"]),
    ("plan_md", ["plan", DEMO, "-o", "Actieplan Zoë.md"]),
    ("plan_xlsx", ["plan", DEMO, "-o", "Actieplan Zoë.xlsx"]),
    ("merge", ["merge", "--into", "Leeg sjabloon – Zoë.xlsx", SUBMISSIONS, "-o", "Samengevoegd Zoë.xlsx", "--json"]),
    ("validate_json", ["validate", SUBMISSIONS, DEMO, "--jobs", "2", "--json", *TODAY]),
    ("validate_text", ["validate", SUBMISSIONS, DEMO, "--jobs", "2", *TODAY]),
]
OUTPUTS = ["Leeg sjabloon – Zoë.xlsx", "Leeg sjabloon – Zoë.xlsm", "Gegroepeerd Zoë.xlsx", "Actieplan Zoë.xlsx",
           "Samengevoegd Zoë.xlsx"]


def _work_folder(root: Path) -> Path:
    """The Windows folder's name parts below ``root`` (drive dropped): spaces, accents, a dash."""
    folder = root.joinpath(*WINDOWS_FOLDER.parts[1:])
    (folder / SUBMISSIONS / "sub map é").mkdir(parents=True)
    write_workbook(folder / SUBMISSIONS / "Gemeente Sint-Niklaas (Zoë).xlsx")
    content = clean_content()
    content["objectives"][0]["Deadline"] = 2020  # MVO014: a fout
    write_workbook(folder / SUBMISSIONS / "sub map é" / "Zoë's inzending.xlsx", content)
    make_random_bytes(folder / SUBMISSIONS / "kapot bestand ë.xlsx")  # refused: MVO040
    return folder


def _sim_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "COV_", "PYTEST_"))}
    env["PYTHONPATH"] = os.pathsep.join([str(WINSIM), str(REPO)])
    env["PYTHONIOENCODING"] = "cp1252"
    env["PYTHONUTF8"] = "0"
    env["LC_ALL"] = env["LANG"] = "C.UTF-8"  # file names: UTF-8, like Windows' file system API
    return env


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """{name: (sim (code, stdout, stderr), plain (code, stdout, stderr))} and both work folders."""
    sim_folder = _work_folder(tmp_path_factory.mktemp("sim"))
    plain_folder = _work_folder(tmp_path_factory.mktemp("plain"))
    results = {}
    env = _sim_env()
    cwd = os.getcwd()
    for name, argv in COMMANDS:
        done = subprocess.run([sys.executable, "-m", "mvo_xl", *argv], cwd=sim_folder, env=env,
                              capture_output=True, timeout=300)
        sim = (done.returncode, done.stdout.decode("cp1252"), done.stderr.decode("cp1252"))
        out, err = StringIO(), StringIO()
        os.chdir(plain_folder)
        try:
            stdout, stderr = sys.stdout, sys.stderr
            sys.stdout, sys.stderr = out, err
            try:
                code = main(argv)
            finally:
                sys.stdout, sys.stderr = stdout, stderr
        finally:
            os.chdir(cwd)
        results[name] = (sim, (code, out.getvalue(), err.getvalue()))
    return results, sim_folder, plain_folder


def test_the_simulation_is_windows_like():
    probe = ("import multiprocessing as mp, os, signal\n"
             "for m in ('fork', 'forkserver'):\n"
             "    for f in (mp.get_context, mp.set_start_method):\n"
             "        try:\n            f(m)\n        except ValueError:\n            pass\n"
             "        else:\n            raise SystemExit('allowed ' + m)\n"
             "for name in ('resource', 'fcntl', 'termios', 'pwd', 'grp'):\n"
             "    try:\n        __import__(name)\n    except ImportError:\n        pass\n"
             "    else:\n        raise SystemExit('imported ' + name)\n"
             "assert mp.get_all_start_methods() == ['spawn'] and mp.get_start_method() == 'spawn'\n"
             "assert not hasattr(os, 'fork') and not hasattr(signal, 'SIGKILL')\n"
             "import sys; assert sys.stdout.encoding == 'cp1252', sys.stdout.encoding\n"
             "print('ok')\n")
    done = subprocess.run([sys.executable, "-c", probe], env=_sim_env(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stdout + done.stderr


def test_the_old_worker_start_fails_under_the_simulation():
    """The check has teeth: a worker that imports ``resource`` unguarded dies at start, as on Windows."""
    probe = ("import importlib, multiprocessing as mp\n"
             "if __name__ == '__main__':\n"
             "    p = mp.get_context('spawn').Process(target=importlib.import_module, args=('resource',))\n"
             "    p.start(); p.join(); print(p.exitcode)\n")
    done = subprocess.run([sys.executable, "-c", probe], env=_sim_env(), capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "1", done.stdout + done.stderr
    assert "No module named 'resource'" in done.stderr


def test_every_command_under_windows_limits_matches_linux(runs):
    """One test on purpose: the simulated runs are slow, and pytest-xdist would repeat a shared
    fixture on each worker. Every check below names the command it is about."""
    results, sim_folder, plain_folder = runs
    for name, _ in COMMANDS:
        _no_traceback_no_encoding_error_same_exit_code(results, name)
    _validate_gives_the_same_findings_per_file(results)
    _validate_text_report_keeps_names_and_replaces_symbols(results)
    _merge_summary_is_the_same(results)
    assert (sim_folder / "Actieplan Zoë.md").read_text(encoding="utf-8") == \
        (plain_folder / "Actieplan Zoë.md").read_text(encoding="utf-8"), "plan --format md differs"
    for name in (DEMO, *OUTPUTS):
        assert _values(sim_folder / name) == _values(plain_folder / name), f"{name} differs"


def _no_traceback_no_encoding_error_same_exit_code(results, name):
    (code, out, err), (plain_code, _, _) = results[name]
    for text in (out, err):
        assert "Traceback" not in text and "UnicodeEncodeError" not in text and "Onverwachte fout" not in text, \
            f"{name}:\n{out}\n{err}"
    assert code == plain_code, f"{name}: {code} != {plain_code}\n{out}\n{err}"


def _validate_gives_the_same_findings_per_file(results):
    (code, out, _), (plain_code, plain_out, _) = results["validate_json"]
    sim, plain = json.loads(out), json.loads(plain_out)
    by_file = lambda data: {f["path"]: (f["valid"], f["findings"]) for f in data["files"]}  # noqa: E731
    assert by_file(sim) == by_file(plain), "validate --jobs 2: findings per file differ"
    assert len(sim["files"]) == 4 and code == plain_code == 1
    paths = set(by_file(sim))
    assert os.path.join(SUBMISSIONS, "sub map é", "Zoë's inzending.xlsx") in paths  # shown as given
    refused = by_file(sim)[os.path.join(SUBMISSIONS, "kapot bestand ë.xlsx")][1]
    assert [f["code"] for f in refused] == ["MVO040"]
    drop = lambda s: {k: v for k, v in s.items() if k != "seconds"}  # noqa: E731
    assert drop(sim["summary"]) == drop(plain["summary"])


def _validate_text_report_keeps_names_and_replaces_symbols(results):
    (_, out, _), (_, plain_out, _) = results["validate_text"]
    assert "Zoë's inzending.xlsx" in out and "Gemeente Sint-Niklaas (Zoë).xlsx" in out
    assert "✓" in plain_out  # a UTF-8 stream keeps the symbol ...
    assert "OK " in out and "✓" not in out  # ... cp1252 gets the ASCII stand-in
    assert out.count("\n") == plain_out.count("\n")


def _merge_summary_is_the_same(results):
    (_, out, _), (_, plain_out, _) = results["merge"]
    sim, plain = json.loads(out), json.loads(plain_out)
    sim.pop("output", None), plain.pop("output", None)
    assert sim == plain, "merge --json differs"


def _values(path: Path) -> dict[str, list[tuple]]:
    wb = load_workbook(path, keep_vba=path.suffix == ".xlsm")
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb}


# --- pure path handling with Windows paths ------------------------------------------------------

@pytest.mark.parametrize("given, expected", [
    (r"C:\Users\Zoë De Smet\OneDrive - Gemeente\MVO traject\plan.xlsx",
     r"C:\Users\Zoë De Smet\OneDrive - Gemeente\MVO traject\plan_actieplan.xlsx"),
    (r"\\gemeente.local\Gedeelde documenten\MVO\Zoë's plan.xlsm",
     r"\\gemeente.local\Gedeelde documenten\MVO\Zoë's plan_actieplan.xlsm"),
    (r"D:plan.xlsx", r"D:plan_actieplan.xlsx"),
])
def test_default_output_keeps_drive_unc_and_accents(given, expected):
    assert str(default_output(PureWindowsPath(given), "actieplan")) == expected


def test_limit_memory_never_stops_a_worker(monkeypatch):
    """Without ``resource`` (Windows) or with a failing Job Object, the worker starts all the same."""
    import builtins

    from mvo_xl.io import safety

    real_import = builtins.__import__

    def refuse(name, *args, **kwargs):
        if name == "resource":
            raise ModuleNotFoundError("No module named 'resource'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", refuse)
    assert safety.limit_memory(10**9) == "none"
    monkeypatch.setattr(safety.os, "name", "nt")  # ctypes has no WinDLL here: the Job Object fails
    assert safety.limit_memory(10**9) == "none"


def test_job_object_layout_is_windows_x64():
    """JOBOBJECT_EXTENDED_LIMIT_INFORMATION is 144 bytes on 64-bit Windows, ProcessMemoryLimit at 112."""
    import ctypes

    from mvo_xl.io.safety import _job_limit_structure

    if ctypes.sizeof(ctypes.c_void_p) != 8:
        pytest.skip("the reference sizes are those of 64-bit Windows")
    limits = _job_limit_structure()
    assert ctypes.sizeof(limits) == 144
    assert limits.ProcessMemoryLimit.offset == 112
    assert limits.BasicLimitInformation.offset == 0 and limits.IoInfo.offset == 64


def test_windows_memory_cap_asks_kernel32_for_a_process_memory_job(monkeypatch):
    """The calls a Windows worker makes, against a stand-in kernel32 that records them."""
    import ctypes

    from mvo_xl.io import safety

    calls = []

    class Function:
        def __init__(self, name, result):
            self.name, self.result = name, result

        def __call__(self, *args):
            calls.append((self.name, args))
            return self.result

    class Kernel32:
        def __init__(self, name, use_last_error=False):
            assert name == "kernel32" and use_last_error
            self.CreateJobObjectW = Function("CreateJobObjectW", 1234)
            self.SetInformationJobObject = Function("SetInformationJobObject", 1)
            self.GetCurrentProcess = Function("GetCurrentProcess", -1)
            self.AssignProcessToJobObject = Function("AssignProcessToJobObject", 1)

    monkeypatch.setattr(ctypes, "WinDLL", Kernel32, raising=False)
    monkeypatch.setattr(safety.os, "name", "nt")
    assert safety.limit_memory(700 * 10**6) == "job"
    names = [name for name, _ in calls]
    assert names == ["CreateJobObjectW", "SetInformationJobObject", "GetCurrentProcess", "AssignProcessToJobObject"]
    job, info_class, info, size = calls[1][1]
    assert job == 1234 and info_class == 9 and size == ctypes.sizeof(safety._job_limit_structure())
    limits = info._obj
    assert limits.BasicLimitInformation.LimitFlags == 0x100 and limits.ProcessMemoryLimit == 700 * 10**6
    assert calls[3][1] == (1234, -1)


def test_console_streams_keep_what_they_can_encode_and_replace_the_rest():
    import io

    from mvo_xl.cli.common import make_streams_safe

    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp1252", errors="strict")
    make_streams_safe(stream)
    stream.write("✓ Zoë's werkmap … ✗ → 中\n")
    stream.flush()
    assert raw.getvalue().decode("cp1252") == "OK Zoë's werkmap … X -> ?\n"
    utf8 = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    make_streams_safe(utf8)
    utf8.write("✓")
    utf8.flush()
    assert utf8.buffer.getvalue() == "✓".encode()


def _sim_run(argv: list[str], cwd: Path, encoding: str = "cp1252") -> subprocess.CompletedProcess:
    env = _sim_env()
    env["PYTHONIOENCODING"] = encoding
    return subprocess.run([sys.executable, "-m", "mvo_xl", *argv], cwd=cwd, env=env, capture_output=True,
                          timeout=300)


@pytest.mark.parametrize("encoding", ["cp1252", "cp850"])
def test_json_on_a_narrow_code_page_keeps_every_character(tmp_path, encoding):
    """``mvo-xl validate map --json > rapport.json`` on Windows: stdout is cp1252 (or cp850). The JSON
    must still name each file exactly (an emoji or '€' in a file name, text in a finding) and be
    readable by any JSON reader, which expects UTF-8: ASCII escapes satisfy both."""
    folder = tmp_path / "Inzendingen € 2026"
    folder.mkdir()
    content = clean_content()
    content["objectives"][0]["Deadline"] = 2020  # MVO014: a finding
    write_workbook(folder / "Zoë 🌱 dienst Welzijn.xlsx", content)
    master = write_workbook(tmp_path / "Hoofdwerkmap Zoë.xlsx", clean_content())
    done = _sim_run(["validate", folder.name, "--json", *TODAY], tmp_path, encoding)
    assert done.returncode == 1, done.stderr.decode(encoding)
    data = json.loads(done.stdout.decode("utf-8"))
    assert [f["path"] for f in data["files"]] == [os.path.join(folder.name, "Zoë 🌱 dienst Welzijn.xlsx")]
    done = _sim_run(["merge", folder.name, "--into", master.name, "--dry-run", "--json"], tmp_path, encoding)
    data = json.loads(done.stdout.decode("utf-8"))
    assert [f["file"] for f in data["files"]] == ["Zoë 🌱 dienst Welzijn.xlsx"], done.stderr.decode(encoding)


# --- Mark of the Web ------------------------------------------------------------------------------

INTERNET_MARK = b"[ZoneTransfer]\r\nZoneId=3\r\nReferrerUrl=https://outlook.office.com/\r\n"


@pytest.fixture(scope="module")
def marked_xlsm(tmp_path_factory):
    """A macro workbook as a submission arrives by e-mail: ``:Zone.Identifier`` says zone 3 (internet).
    On Windows that is an alternate data stream; here, the sibling file WSL and Samba show for it."""
    path = tmp_path_factory.mktemp("motw") / "Inzending Zoë.xlsm"
    assert main(["demo", str(path), "-q"]) == 0
    Path(str(path) + ":Zone.Identifier").write_bytes(INTERNET_MARK)
    return path


def _zone(path: Path) -> bytes | None:
    mark = Path(str(path) + ":Zone.Identifier")
    return mark.read_bytes() if mark.exists() else None


@pytest.mark.parametrize("command", [
    lambda src, out: ["group", str(src), "-o", str(out)],
    lambda src, out: ["validate", str(src), "--schrijf", str(out), *TODAY],
    lambda src, out: ["plan", str(src), "-o", str(out)],
    lambda src, out: ["merge", str(src.parent / "leeg"), "--into", str(src), "-o", str(out)],
], ids=["group", "validate", "plan", "merge"])
def test_a_copy_of_a_workbook_from_the_internet_keeps_the_internet_label(marked_xlsm, tmp_path, capsys, command):
    """The output carries the submission's macros byte for byte; without the mark, Excel would offer to run
    them with one click instead of blocking them. The input and its mark stay as they were."""
    (marked_xlsm.parent / "leeg").mkdir(exist_ok=True)
    write_workbook(marked_xlsm.parent / "leeg" / "extra.xlsx")
    before = marked_xlsm.read_bytes()
    out = tmp_path / "Resultaat Zoë.xlsm"
    main(command(marked_xlsm, out))
    err = capsys.readouterr().err
    assert out.exists() and "xl/vbaProject.bin" in __import__("zipfile").ZipFile(out).namelist()
    assert _zone(out) is not None and b"ZoneId=3" in _zone(out)
    assert b"outlook" not in _zone(out)  # only the zone is copied
    assert "internetlabel" in err and "blokkeert" in err
    assert marked_xlsm.read_bytes() == before and _zone(marked_xlsm) == INTERNET_MARK


def test_an_unmarked_workbook_gives_an_unmarked_copy(tmp_path, capsys):
    src = tmp_path / "eigen.xlsm"
    assert main(["demo", str(src), "-q"]) == 0
    out = tmp_path / "gegroepeerd.xlsm"
    main(["group", str(src), "-o", str(out)])
    assert _zone(out) is None and "internetlabel" not in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["eigen.xlsm", "gegroepeerd.xlsm"]


# --- one file, two names ----------------------------------------------------------------------------

@pytest.mark.parametrize("command", [
    lambda src, other: ["group", str(src), "-o", str(other)],
    lambda src, other: ["validate", str(src), "--schrijf", str(other)],
    lambda src, other: ["plan", str(src), "-o", str(other)],
    lambda src, other: ["merge", str(src.parent / "in"), "--into", str(src), "-o", str(other)],
], ids=["group", "validate", "plan", "merge"])
def test_the_input_under_another_name_is_refused_as_output(tmp_path, capsys, command):
    """macOS (APFS) and Windows ignore case: '-o Plan.xlsx' for 'plan.xlsx' is the input itself, and writing
    it replaces the user's workbook. Paths do not show this on macOS (resolve keeps the case given); the
    file system does. A hard link is the same situation on Linux: two names, one file."""
    src = tmp_path / "plan.xlsx"
    assert main(["demo", str(src), "-q"]) == 0
    write_workbook(tmp_path / "in" / "inzending.xlsx")
    other = tmp_path / "Plan.xlsx"
    os.link(src, other)
    before = src.read_bytes()
    assert main(command(src, other)) == 2
    assert "mag niet een invoerbestand zijn" in capsys.readouterr().err
    assert src.read_bytes() == before and os.path.samefile(src, other)


# --- Ctrl-C while a child starts ------------------------------------------------------------------

def test_ctrl_c_while_a_reader_child_starts_shows_no_traceback():
    """A Ctrl-C reaches every process of the console, also a reader child that is still starting (before
    it can ignore Ctrl-C itself): that child must not print a traceback. Children are started with
    Ctrl-C already ignored; the parent handles it."""
    probe = ("from mvo_xl.io.safety import run_bounded\n"
             "from tests.ctrl_c import InterruptOnArrival, answer\n"
             "if __name__ == '__main__':\n"
             "    print(run_bounded(answer, InterruptOnArrival(), timeout_s=60))\n")
    done = subprocess.run([sys.executable, "-c", probe], env=_sim_env(), capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stderr and "KeyboardInterrupt" not in done.stderr, done.stderr
    assert done.stdout.strip() == "antwoord" and done.returncode == 0, done.stdout + done.stderr


def test_ctrl_c_while_a_validate_worker_starts_shows_no_traceback(tmp_path):
    path = write_workbook(tmp_path / "Zoë.xlsx")
    probe = ("import sys\n"
             "from mvo_xl.batch import validate_files\n"
             "from tests.ctrl_c import interrupting_options\n"
             "if __name__ == '__main__':\n"
             "    reports = validate_files([sys.argv[1]], jobs=1, options=interrupting_options())\n"
             "    print([r.valid for r in reports])\n")
    done = subprocess.run([sys.executable, "-c", probe, str(path)], env=_sim_env(), capture_output=True, text=True,
                          timeout=120)
    assert "Traceback" not in done.stderr and "KeyboardInterrupt" not in done.stderr, done.stderr
    assert done.stdout.strip() == "[True]" and done.returncode == 0, done.stdout + done.stderr


def test_windows_children_inherit_ignoring_ctrl_c_and_the_parent_gets_it_back(monkeypatch):
    """On Windows the flag of SetConsoleCtrlHandler(NULL, TRUE) is what a child inherits; it is set
    only while the child starts, against a stand-in kernel32 that records the calls."""
    import ctypes

    from mvo_xl.io import safety

    calls = []

    class Kernel32:
        def __init__(self, name, use_last_error=False):
            assert name == "kernel32"

        def SetConsoleCtrlHandler(self, handler, add):
            calls.append((handler, add))
            return 1

    monkeypatch.setattr(ctypes, "WinDLL", Kernel32, raising=False)
    monkeypatch.setattr(safety.os, "name", "nt")
    with safety.children_ignore_ctrl_c():
        calls.append("start")
    assert calls == [(None, True), "start", (None, False)]


# --- an interrupted write leaves nothing behind -----------------------------------------------------

def test_ctrl_c_in_the_middle_of_writing_leaves_no_output_no_temp_file_and_no_new_folder(tmp_path, capsys,
                                                                                         monkeypatch):
    """'-o "Rapporten 2026\\\\Zoë\\\\uit.xlsm"': the folders are made for the output; Ctrl-C halfway through the
    zip leaves neither a half file, nor a temp file, nor the folders made for it. The input is unchanged."""
    from mvo_xl.io.package import editor

    src = tmp_path / "Zoë's werkmap.xlsm"
    assert main(["demo", str(src), "-q"]) == 0
    before = src.read_bytes()
    real, count = editor.PackageEditor._write_entry, [0]

    def interrupted(self, out, name):
        count[0] += 1
        if count[0] == 5:
            raise KeyboardInterrupt
        return real(self, out, name)

    monkeypatch.setattr(editor.PackageEditor, "_write_entry", interrupted)
    out = tmp_path / "Rapporten 2026" / "Zoë" / "uit.xlsm"
    assert main(["group", str(src), "-o", str(out)]) == 130
    assert "Onderbroken" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == [src.name]
    assert src.read_bytes() == before


# --- names Windows cannot hold --------------------------------------------------------------------

@pytest.mark.parametrize("name", ["aux.xlsx", "CON.xlsx", "Com1.xlsx", "nul .xlsx", "lpt9.xlsx",
                                  "verslag:v2.xlsx", "plan?.xlsx", 'rapport "def".xlsx', "a|b.xlsx"])
def test_an_output_name_windows_cannot_hold_is_a_usage_error(tmp_path, capsys, name):
    """'aux.xlsx' is the AUX device on Windows, 'verslag:v2.xlsx' a hidden stream of a file 'verslag', and
    '?' or '|' are refused by Windows, OneDrive and SharePoint: say so before any work, write nothing."""
    src = write_workbook(tmp_path / "werkmap.xlsx")
    out_dir = tmp_path / "uit"
    out_dir.mkdir()
    for argv in (["group", str(src), "-o", str(out_dir / name)],
                 ["plan", str(src), "-o", str(out_dir / name)],
                 ["validate", str(src), "--rapport", str(out_dir / name)],
                 ["validate", str(src), "--schrijf", str(out_dir / name)],
                 ["merge", str(src), "--into", str(src), "-o", str(out_dir / name)],
                 ["demo", str(out_dir / name)],
                 ["template", str(out_dir / name)]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert name in err and "Windows" in err, err
    assert list(out_dir.iterdir()) == []


# --- paths of 260 characters or more -----------------------------------------------------------------

LONG_FOLDER = Path("Gedeelde documenten - Gemeente Heidebeek") / "Milieu en duurzaamheid" / \
    "MVO-traject 2026-2031 (omgevingsanalyse meerjarenplan)" / "Inzendingen van alle diensten en adviesraden" / \
    "Ronde 2 - na de workshop van 27 november 2026"


def test_a_workbook_windows_cannot_find_for_its_long_path_is_named_with_the_reason(tmp_path, capsys,
                                                                                    monkeypatch):
    """Without LongPathsEnabled (the default on managed PCs) Windows reports a file under a path of 260+
    characters as missing, though Explorer shows it: the message says it is the path's length."""
    from mvo_xl.io import paths
    from mvo_xl.io.safety import UnreadableWorkbook, open_package

    monkeypatch.setattr(paths, "_WINDOWS", True)
    long = tmp_path / LONG_FOLDER / "Zoë's inzending voor het thema duurzame mobiliteit en fietsveiligheid.xlsx"
    assert len(str(long)) >= 260
    assert main(["group", str(long), "-o", str(tmp_path / "uit.xlsx")]) == 1
    err = capsys.readouterr().err
    assert "tekens lang" in err and "korter pad" in err and "Traceback" not in err
    with pytest.raises(UnreadableWorkbook) as refused:  # the door validate's workers read through
        open_package(long)
    assert refused.value.variant == "long_path" and "tekens lang" in refused.value.message()
    short = tmp_path / "kort.xlsx"
    assert main(["group", str(short), "-o", str(tmp_path / "uit.xlsx")]) == 1
    assert "bestand niet gevonden" in capsys.readouterr().err  # a short path: just missing


def test_an_output_windows_cannot_make_for_its_long_path_says_why(tmp_path, monkeypatch):
    """The temp file beside the output counts: its name may be longer than the output's."""
    from mvo_xl.cli.common import write_failure
    from mvo_xl.io import paths

    monkeypatch.setattr(paths, "_WINDOWS", True)
    folder = tmp_path / ("Resultaten MVO-traject " * 20)[:245 - len(str(tmp_path)) - 1].strip()
    out = folder / "a.xlsx"
    assert len(str(out)) < 260 <= len(str(folder)) + 1 + len(".~mvo-12345678.xlsx")
    message = write_failure(out, FileNotFoundError(2, "The system cannot find the path specified")).message
    assert "tekens lang" in message and "de map bestaat niet" not in message and str(out) in message
    short = write_failure(tmp_path / "uit.xlsx", FileNotFoundError(2, "not found")).message
    assert "de map bestaat niet" in short


@pytest.mark.parametrize("jobs, files", [(None, 200), (64, 200), (40, 40), (32, 33)])
def test_validate_never_waits_on_more_handles_than_windows_allows(monkeypatch, jobs, files):
    """WaitForMultipleObjects takes at most 63 handles (Python 3.10-3.12 refuse more with ValueError) and
    each worker is two (its pipe, its process): a 32-thread PC validating 40 submissions needs a cap."""
    from mvo_xl import batch

    monkeypatch.setattr(batch.os, "cpu_count", lambda: 64)
    monkeypatch.setattr(batch, "_WINDOWS", True)
    assert 1 <= 2 * batch.pool_size(jobs, files) <= 63
    monkeypatch.setattr(batch, "_WINDOWS", False)
    assert batch.pool_size(jobs, files) == min(jobs or 64, files)


def test_a_write_outlasts_a_virus_scanner_holding_the_new_file_for_a_moment(tmp_path, monkeypatch):
    """Windows Defender (or OneDrive, the indexer) opens a file just closed; renaming it then fails with
    'Access denied' for a moment. The write tries again briefly instead of failing; a file that stays
    locked (open in Excel) still fails with the Dutch message."""
    from mvo_xl.io import writer

    real_replace, refusals = os.replace, []

    def scanner_busy(src, dst):
        if len(refusals) < 3:
            refusals.append(src)
            raise PermissionError(13, "Toegang geweigerd", str(src))
        return real_replace(src, dst)

    monkeypatch.setattr(writer, "_WINDOWS", True)
    monkeypatch.setattr(writer, "_RETRY_SECONDS", 0.0)
    monkeypatch.setattr(writer.os, "replace", scanner_busy)
    src = write_workbook(tmp_path / "werkmap.xlsx")
    out = tmp_path / "gegroepeerd.xlsx"
    assert main(["group", str(src), "-o", str(out), "-q"]) == 0
    assert len(refusals) == 3 and out.exists()

    monkeypatch.setattr(writer.os, "replace", lambda src, dst: (_ for _ in ()).throw(PermissionError(13, "x")))
    out2 = tmp_path / "open in Excel.xlsx"
    assert main(["group", str(src), "-o", str(out2), "-q"]) == 1
    assert not out2.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["gegroepeerd.xlsx", "werkmap.xlsx"]


# --- a web address where a file is meant -------------------------------------------------------------

SHAREPOINT = "https://gemeente-my.sharepoint.com/personal/zoe_gemeente_be/Documents/MVO traject/traject.xlsx?web=1"
ONEDRIVE = "https://d.docs.live.net/0123456789abcdef/Documenten/MVO/uit.xlsx"


@pytest.mark.parametrize("argv", [
    ["validate", SHAREPOINT],
    ["group", SHAREPOINT],
    ["plan", SHAREPOINT],
    ["merge", "{src}", "--into", SHAREPOINT],
    ["merge", SHAREPOINT, "--into", "{src}"],
    ["group", "{src}", "-o", ONEDRIVE],
    ["plan", "{src}", "-o", ONEDRIVE],
    ["validate", "{src}", "--schrijf", ONEDRIVE],
    ["validate", "{src}", "--rapport", ONEDRIVE],
    ["template", ONEDRIVE],
    ["demo", ONEDRIVE],
], ids=lambda argv: "-".join(a.strip("-") for a in argv if not a.startswith(("http", "{"))))
def test_a_web_address_copied_from_excel_is_explained_not_taken_for_a_path(tmp_path, capsys, monkeypatch, argv):
    """Excel's 'Pad kopiëren' on a OneDrive/SharePoint workbook gives its https address. As a path it was
    'no files found' or, as an output, a folder 'https:' made next to the user's files."""
    monkeypatch.chdir(tmp_path)
    src = write_workbook(tmp_path / "werkmap.xlsx")
    with pytest.raises(SystemExit) as stop:
        main([a.format(src=src) for a in argv])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and "webadres" in err and "OneDrive" in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["werkmap.xlsx"]
