using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace MedicalContent.Tests.Support;

/// <summary>What reached the origin: lets a test see which requests a cache in front of it answered itself.</summary>
public sealed class OriginLog
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => [.. _entries];

    public IEnumerable<Entry> For(string pathAndQuery) => Entries.Where(e => e.PathAndQuery == pathAndQuery);

    internal void Add(Entry entry) => _entries.Enqueue(entry);

    public sealed record Entry(string Method, string PathAndQuery, string? IfNoneMatch, int Status);

    /// <summary>Records every request and the status the API answered it with.</summary>
    internal sealed class Recorder(OriginLog log) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, proceed) =>
            {
                await proceed(context);
                var request = context.Request;
                log.Add(new Entry(request.Method, request.Path + request.QueryString, request.Headers.IfNoneMatch.ToString() is { Length: > 0 } tag ? tag : null, context.Response.StatusCode));
            });
            next(app);
        };
    }
}
