using Spectre.Console;
using Tdlab.Cli;
using Tdlab.Experiments;

var app = new TdlabApp(ExperimentRegistry.All, Console.Out, Console.Error)
{
    Interactive = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive,
    HandleCtrlC = true,
    SelfCommand = TdlabApp.ThisProcess(),
};
return app.Invoke(args);
