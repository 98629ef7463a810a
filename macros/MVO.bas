Attribute VB_Name = "MVO"
' MVO-traject: de knoppen van het lint "MVO".
'
' Elke knop geeft xlwings een Python-opdracht als letterlijke tekst. Die opdracht
' draait op de open werkmap (mvo_xl.excel). De Python-kant leest de tabellen,
' rekent, en schrijft alleen terug wat de knop bezit.
'
' xlwings wordt laat gebonden aangeroepen: eerst de xlwings-invoegtoepassing
' (xlwings addin install), anders de ingebouwde xlwings-module (een werkmap
' gemaakt met "mvo-xl template --standalone"). Zo compileert deze module ook
' als geen van beide aanwezig is, en krijgt de gebruiker dan een duidelijke melding.
Option Explicit

Private Const ADDIN_NAME As String = "xlwings.xlam"
Private Const INSTRUCTIONS_SHEET As String = "Instructies"

' --- de knoppen ---------------------------------------------------------------

Public Sub GroepeerDroombeelden(control As IRibbonControl)
    RunMvoPython "import mvo_xl.excel; mvo_xl.excel.group_wishes()"
End Sub

Public Sub Controleer(control As IRibbonControl)
    RunMvoPython "import mvo_xl.excel; mvo_xl.excel.validate()"
End Sub

Public Sub MaakActieplan(control As IRibbonControl)
    RunMvoPython "import mvo_xl.excel; mvo_xl.excel.make_plan()"
End Sub

Public Sub NieuweIDs(control As IRibbonControl)
    RunMvoPython "import mvo_xl.excel; mvo_xl.excel.fill_ids()"
End Sub

Public Sub ToonHelp(control As IRibbonControl)
    On Error GoTo Missing
    ThisWorkbook.Worksheets(INSTRUCTIONS_SHEET).Activate
    Exit Sub
Missing:
    MsgBox "Het blad '" & INSTRUCTIONS_SHEET & "' ontbreekt in deze werkmap.", vbExclamation, "MVO"
End Sub

' --- xlwings laat gebonden aanroepen --------------------------------------------

Private Sub RunMvoPython(ByVal command As String)
    If AddinLoaded() Then
        Application.Run ADDIN_NAME & "!RunPython", command
        Exit Sub
    End If
    If TryRun("'" & ThisWorkbook.Name & "'!RunPython", command) Then Exit Sub
    MsgBox "Deze knop heeft xlwings nodig, en dat is niet gevonden." & vbCrLf & vbCrLf & _
           "Vraag uw IT-dienst om Python en xlwings te installeren" & vbCrLf & _
           "(pip install mvo-xl, daarna: xlwings addin install)," & vbCrLf & _
           "of gebruik de opdrachtregel: mvo-xl validate werkmap.xlsm.", _
           vbExclamation, "MVO: xlwings ontbreekt"
End Sub

Private Function AddinLoaded() As Boolean
    Dim book As Object
    On Error Resume Next
    Set book = Application.Workbooks(ADDIN_NAME)
    AddinLoaded = Not (book Is Nothing)
    On Error GoTo 0
End Function

Private Function TryRun(ByVal macro As String, ByVal command As String) As Boolean
    On Error GoTo NotThere
    Application.Run macro, command
    TryRun = True
    Exit Function
NotThere:
    TryRun = False
End Function
