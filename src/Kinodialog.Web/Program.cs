using Kinodialog.Web;
using Kinodialog.Web.Cli;

if (KinodialogCommandLine.IsCommand(args))
{
    return await KinodialogCommandLine.InvokeAsync(args);
}

if (KinodialogCommandLine.UnknownArgument(args) is { } unknown)
{
    return await KinodialogCommandLine.RefuseAsync(unknown, Console.Error);
}

var app = KinodialogApplication.Build(KinodialogCommandLine.ServeArguments(args));
await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
