using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MedicalContent.Tests.Support;

/// <summary>A real server (Azurite, Varnish, nginx, the packaged API...) started by a test on loopback and stopped after it.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the process and waits (bounded) until <paramref name="port"/> accepts connections on 127.0.0.1.</summary>
    public static async Task<ServerProcess> StartAsync(ProcessStartInfo start, int port, TimeSpan timeout)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var server = new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}."));
        server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout && !server._process.HasExited)
        {
            if (await Ports.AnswersAsync(port))
            {
                return server;
            }

            await Task.Delay(50);
        }

        server.Dispose();
        throw new InvalidOperationException($"{start.FileName} did not listen on 127.0.0.1:{port} within {timeout.TotalSeconds:0} s. Output:{Environment.NewLine}{server.Output}");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}

public static class Ports
{
    /// <summary>A TCP port that was free on 127.0.0.1 a moment ago.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<bool> AnswersAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
