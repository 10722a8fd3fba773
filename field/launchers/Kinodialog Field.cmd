@echo off
rem Kinodialog field laptop (Windows: double-click): keeps its data in the "data" folder next to this file,
rem prepares the database, then serves the facilitator (the browser opens) and the phones on the local network.
setlocal
cd /d "%~dp0"
if not defined KINODIALOG_FIELD_DATA set "KINODIALOG_FIELD_DATA=%~dp0data"
if not defined KINODIALOG_PORT set "KINODIALOG_PORT=5080"
if not defined Field__OpenBrowser set "Field__OpenBrowser=true"
set "Storage__DataPath=%KINODIALOG_FIELD_DATA%"
set "Storage__MediaPath=%KINODIALOG_FIELD_DATA%\media"
set "Database__Provider=Sqlite"
set "Field__Enabled=true"
set "DOTNET_NOLOGO=1"
if not exist "%Storage__MediaPath%" mkdir "%Storage__MediaPath%"
"%~dp0Kinodialog.Web.exe" migrate
if errorlevel 1 goto failed
echo Kinodialog is starting on http://localhost:%KINODIALOG_PORT%/ - close this window to stop it.
echo If Windows asks whether Kinodialog may use the network, allow it on private networks: phones join through it.
"%~dp0Kinodialog.Web.exe" serve --urls "http://*:%KINODIALOG_PORT%"
if errorlevel 1 goto failed
exit /b 0
:failed
echo Kinodialog stopped with an error (see above).
pause
exit /b 1
