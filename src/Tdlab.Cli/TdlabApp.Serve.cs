using System.CommandLine;
using Tdlab.Lab;
using Tdlab.Serve;

namespace Tdlab.Cli;

public sealed partial class TdlabApp
{
    private Command ServeCommand()
    {
        Option<string> outDir = OutOption();
        var port = new Option<int>("--port")
        {
            Description = "port to listen on (0: any free port)",
            DefaultValueFactory = _ => 8050,
            CustomParser = r => WholeNumber(r, "--port") ?? 0,
        };
        var host = new Option<string>("--host")
        {
            Description = "address to listen on (default 127.0.0.1: this machine only)",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var command = new Command("serve", "a live dashboard over the run store (read-only), until Ctrl-C") { outDir, port, host };
        command.SetAction(p =>
        {
            int portNumber = p.GetValue(port);
            if (portNumber is < 0 or > 65535)
                throw new BadInputException($"--port must be in 0..65535, got {portNumber}");
            if (!System.Net.IPAddress.TryParse(p.GetValue(host), out _))
                throw new BadInputException($"--host takes an IP address, got '{p.GetValue(host)}'");
            using var stop = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            DashboardServer server;
            try
            {
                server = DashboardServer.StartAsync(p.GetValue(outDir)!, Experiments, portNumber, p.GetValue(host)!).GetAwaiter().GetResult();
            }
            catch (IOException e)
            {
                throw new BadInputException($"cannot listen on {p.GetValue(host)}:{portNumber}: {e.Message}");
            }

            if (HandleCtrlC)
                Console.CancelKeyPress += onCancel;
            try
            {
                output.WriteLine($"serving {Path.GetFullPath(p.GetValue(outDir)!)} at {server.Url} (read-only; Ctrl-C to stop)");
                output.Flush();
                server.RunUntilAsync(stop.Token).GetAwaiter().GetResult();
            }
            finally
            {
                if (HandleCtrlC)
                    Console.CancelKeyPress -= onCancel;
                server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            return Ok;
        });
        return command;
    }
}
