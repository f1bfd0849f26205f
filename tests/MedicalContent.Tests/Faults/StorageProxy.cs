using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace MedicalContent.Tests.Faults;

/// <summary>
/// A loopback TCP proxy between the API and Azurite that a test turns into a faulty network: it passes traffic,
/// delays every request, black-holes connections (accepts them and never answers) or refuses them (resets on
/// accept). Switching to black-hole or refuse also cuts the connections already open, so pooled keep-alive
/// connections cannot slip past the fault.
/// </summary>
public sealed class StorageProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<long, TcpClient> _open = new();
    private readonly Task _accepting;
    private long _nextId;
    private long _accepted;
    private volatile Fault _fault = new(ProxyMode.Pass, TimeSpan.Zero);

    private StorageProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    /// <summary>Connections accepted so far: with black-holed storage, one per store attempt.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Client connections currently open through the proxy.</summary>
    public int Open => _open.Count;

    public ProxyMode Mode => _fault.Mode;

    public static StorageProxy Start(int targetPort) => new(targetPort);

    /// <summary>The API's connection string: Azurite's account and key, with the blob endpoint on this proxy.</summary>
    public string ConnectionStringFor(string azuriteConnectionString, int azuritePort) =>
        azuriteConnectionString.Replace($"127.0.0.1:{azuritePort}/", $"127.0.0.1:{Port}/", StringComparison.Ordinal);

    public void Pass() => _fault = new Fault(ProxyMode.Pass, TimeSpan.Zero);

    /// <summary>Holds every request for <paramref name="by"/> before passing it on.</summary>
    public void Delay(TimeSpan by) => _fault = new Fault(ProxyMode.Delay, by);

    /// <summary>Accepts connections and never answers them (a hung storage endpoint).</summary>
    public void Drop()
    {
        _fault = new Fault(ProxyMode.Drop, TimeSpan.Zero);
        CutOpenConnections();
    }

    /// <summary>Resets every connection at once (storage stopped).</summary>
    public void Refuse()
    {
        _fault = new Fault(ProxyMode.Refuse, TimeSpan.Zero);
        CutOpenConnections();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        CutOpenConnections();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        var id = Interlocked.Increment(ref _nextId);
        var fault = _fault;
        if (fault.Mode == ProxyMode.Refuse)
        {
            Reset(client);
            return;
        }

        _open[id] = client;
        try
        {
            if (fault.Mode == ProxyMode.Drop)
            {
                await DiscardUntilClosedAsync(client.GetStream());
                return;
            }

            using var upstream = new TcpClient();
            await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            var toStorage = PumpAsync(client.GetStream(), upstream.GetStream(), delayRequests: true);
            var toApi = PumpAsync(upstream.GetStream(), client.GetStream(), delayRequests: false);
            await Task.WhenAny(toStorage, toApi);
            upstream.Client.Close(0);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // A cut connection: exactly what the fault modes are for.
        }
        finally
        {
            _open.TryRemove(id, out _);
            Reset(client);
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool delayRequests)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await from.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                return;
            }

            if (delayRequests && _fault is { Mode: ProxyMode.Delay, By: var by })
            {
                await Task.Delay(by, _stop.Token);
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }

    private async Task DiscardUntilClosedAsync(NetworkStream stream)
    {
        var buffer = new byte[4096];
        while (await stream.ReadAsync(buffer, _stop.Token) > 0)
        {
        }
    }

    private void CutOpenConnections()
    {
        foreach (var (id, client) in _open)
        {
            if (_open.TryRemove(id, out _))
            {
                Reset(client);
            }
        }
    }

    private static void Reset(TcpClient client)
    {
        try
        {
            client.Client.Close(0);
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }

        client.Dispose();
    }

    private sealed record Fault(ProxyMode Mode, TimeSpan By);
}

public enum ProxyMode
{
    Pass,
    Delay,
    Drop,
    Refuse,
}
