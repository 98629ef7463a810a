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
' Een functie zonder neveneffecten die de ingebouwde xlwings-module heeft: bestaat ze, dan is
' xlwings er, en is een latere fout er een van Python of xlwings zelf.
Private Const XLWINGS_PROBE As String = "GetConfigFilePath"

' --- de knoppen ---------------------------------------------------------------
' Elke knop vangt zijn eigen fouten op: nooit het VBA-foutopsporingsvenster.

Public Sub GroepeerDroombeelden(control As IRibbonControl)
    On Error GoTo Failed
    RunMvoPython "import mvo_xl.excel; mvo_xl.excel.group_wishes()", "Groepeer droombeelden"
    Exit Sub
Failed:
    ShowUnexpected "Groepeer droombeelden", Err.Number, Err.Description
End Sub

Public Sub Controleer(control As IRibbonControl)
    On Error GoTo Failed
    RunMvoPython "import mvo_xl.excel; mvo_xl.excel.validate()", "Controleer"
    Exit Sub
Failed:
    ShowUnexpected "Controleer", Err.Number, Err.Description
End Sub

Public Sub MaakActieplan(control As IRibbonControl)
    On Error GoTo Failed
    RunMvoPython "import mvo_xl.excel; mvo_xl.excel.make_plan()", "Maak actieplan"
    Exit Sub
Failed:
    ShowUnexpected "Maak actieplan", Err.Number, Err.Description
End Sub

Public Sub ActieplanNaarWord(control As IRibbonControl)
    On Error GoTo Failed
    RunMvoPython "import mvo_xl.excel; mvo_xl.excel.make_plan_docx()", "Actieplan naar Word"
    Exit Sub
Failed:
    ShowUnexpected "Actieplan naar Word", Err.Number, Err.Description
End Sub

Public Sub NieuweIDs(control As IRibbonControl)
    On Error GoTo Failed
    RunMvoPython "import mvo_xl.excel; mvo_xl.excel.fill_ids()", "Nieuwe ID's"
    Exit Sub
Failed:
    ShowUnexpected "Nieuwe ID's", Err.Number, Err.Description
End Sub

Public Sub ToonHelp(control As IRibbonControl)
    On Error GoTo Missing
    ThisWorkbook.Worksheets(INSTRUCTIONS_SHEET).Activate
    Exit Sub
Missing:
    MsgBox "Het blad '" & INSTRUCTIONS_SHEET & "' ontbreekt in deze werkmap.", vbExclamation, "MVO"
End Sub

' --- xlwings laat gebonden aanroepen --------------------------------------------

Private Sub RunMvoPython(ByVal command As String, ByVal label As String)
    Dim macro As String
    If AddinLoaded() Then
        macro = ADDIN_NAME & "!RunPython"
    ElseIf StandaloneXlwings() Then
        macro = BookMacro("RunPython")
    Else
        ShowXlwingsMissing
        Exit Sub
    End If
    On Error GoTo PythonFailed
    Application.Run macro, command
    Exit Sub
PythonFailed:
    ShowPythonFailed label, Err.Number, Err.Description
End Sub

' "'Zoe''s plan.xlsm'!RunPython": een apostrof in de naam van de werkmap wordt verdubbeld.
Private Function BookMacro(ByVal name As String) As String
    BookMacro = "'" & Replace(ThisWorkbook.Name, "'", "''") & "'!" & name
End Function

Private Function AddinLoaded() As Boolean
    Dim book As Object
    On Error Resume Next
    Set book = Application.Workbooks(ADDIN_NAME)
    AddinLoaded = Not (book Is Nothing)
    On Error GoTo 0
End Function

Private Function StandaloneXlwings() As Boolean
    On Error GoTo NotThere
    Application.Run BookMacro(XLWINGS_PROBE)
    StandaloneXlwings = True
    Exit Function
NotThere:
    StandaloneXlwings = False
End Function

' --- meldingen -------------------------------------------------------------------

Private Sub ShowXlwingsMissing()
    MsgBox "Deze knop heeft xlwings nodig, en dat is niet gevonden." & vbCrLf & vbCrLf & _
           "Vraag uw IT-dienst om Python en xlwings te installeren" & vbCrLf & _
           "(pip install mvo-xl, daarna: xlwings addin install)," & vbCrLf & _
           "of gebruik de opdrachtregel: mvo-xl validate werkmap.xlsm." & vbCrLf & vbCrLf & _
           "Zie het blad Instructies, deel 'Installeren'.", _
           vbExclamation, "MVO: xlwings ontbreekt"
End Sub

Private Sub ShowPythonFailed(ByVal label As String, ByVal number As Long, ByVal description As String)
    MsgBox "De knop '" & label & "' kon zijn werk niet afmaken: Python of xlwings meldde een fout." & _
           vbCrLf & vbCrLf & "Fout " & number & ": " & description & vbCrLf & vbCrLf & _
           "Mogelijke oorzaken: het pakket mvo-xl is niet geïnstalleerd voor deze gebruiker," & vbCrLf & _
           "of de instelling INTERPRETER_WIN op het verborgen blad xlwings.conf wijst" & vbCrLf & _
           "naar een Python die op deze pc niet bestaat." & vbCrLf & _
           "Probeer de opdrachtregel (mvo-xl validate werkmap.xlsm) of vraag uw IT-dienst.", _
           vbCritical, "MVO: fout in Python"
End Sub

Private Sub ShowUnexpected(ByVal label As String, ByVal number As Long, ByVal description As String)
    MsgBox "De knop '" & label & "' stopte onverwacht." & vbCrLf & vbCrLf & _
           "Fout " & number & ": " & description & vbCrLf & vbCrLf & _
           "Bewaar uw werk en meld dit aan wie de werkmap beheert.", _
           vbCritical, "MVO: onverwachte fout"
End Sub
