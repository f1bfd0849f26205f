using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace MedicalContent.Tests.Hostile;

/// <summary>
/// Sends HTTP/1.1 requests byte for byte over a plain socket (HttpClient would normalise dot segments, encodings
/// and methods away) and reads the whole answer: every request says <c>Connection: close</c>, so the answer ends
/// when the server closes the connection.
/// </summary>
public static class RawHttp
{
    /// <summary>Per request: far above any honest answer on loopback, so only a hang trips it.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public static async Task<RawResponse> SendAsync(int port, string method, string target, IEnumerable<(string Name, string Value)> headers)
    {
        var request = new StringBuilder()
            .Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n")
            .Append("Host: 127.0.0.1\r\n");
        foreach (var (name, value) in headers)
        {
            request.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        request.Append("Connection: close\r\n\r\n");

        // Latin-1 maps each char to the one byte it stands for, so generators can write raw bytes (0x80-0xFF) too.
        return await SendAsync(port, Encoding.Latin1.GetBytes(request.ToString()), HttpMethods.IsHead(method));
    }

    public static async Task<RawResponse> SendAsync(int port, byte[] request, bool isHead)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(request, timeout.Token);
        }
        catch (IOException)
        {
            // The server may answer and close before it has read an oversized request; the answer is still there.
        }

        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException) when (received.Length > 0)
        {
            // A reset after the answer (the server closed with unread request bytes): the answer is complete.
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No complete answer within {Timeout.TotalSeconds:0} s (received {received.Length} bytes).");
        }

        return RawResponse.Parse(received.ToArray(), isHead);
    }
}

public sealed record RawResponse(int Status, IReadOnlyList<(string Name, string Value)> Headers, byte[] Body, byte[] Raw)
{
    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    public bool Has(string name) => Headers.Any(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));

    public string BodyText => Encoding.UTF8.GetString(Body);

    public static RawResponse Parse(byte[] raw, bool isHead)
    {
        var end = raw.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            throw new InvalidDataException($"Not an HTTP response ({raw.Length} bytes): {Encoding.Latin1.GetString(raw.AsSpan(0, Math.Min(raw.Length, 200)))}");
        }

        var lines = Encoding.Latin1.GetString(raw, 0, end).Split("\r\n");
        var statusLine = lines[0].Split(' ', 3);
        if (statusLine.Length < 2 || !statusLine[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || !int.TryParse(statusLine[1], out var status))
        {
            throw new InvalidDataException($"Not an HTTP status line: {lines[0]}");
        }

        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .Select(parts => (parts[0].Trim(), parts.Length > 1 ? parts[1].Trim() : ""))
            .ToList();
        var rest = raw.AsSpan(end + 4);
        var response = new RawResponse(status, headers, [], raw);
        var noBody = isHead || status is 204 or 304;
        var body = noBody ? []
            : string.Equals(response.Header("Transfer-Encoding"), "chunked", StringComparison.OrdinalIgnoreCase) ? Dechunk(rest)
            : response.Header("Content-Length") is { } length ? rest[..int.Parse(length, System.Globalization.CultureInfo.InvariantCulture)].ToArray()
            : rest.ToArray();
        return response with { Body = body };
    }

    private static byte[] Dechunk(ReadOnlySpan<byte> data)
    {
        var body = new List<byte>();
        while (true)
        {
            var lineEnd = data.IndexOf("\r\n"u8);
            var sizeText = Encoding.ASCII.GetString(data[..lineEnd]).Split(';')[0];
            var size = Convert.ToInt32(sizeText, 16);
            data = data[(lineEnd + 2)..];
            if (size == 0)
            {
                return [.. body];
            }

            body.AddRange(data[..size]);
            data = data[(size + 2)..];
        }
    }
}
