using System.Collections.Concurrent;
using System.Diagnostics;
using MedicalContent.Delivery;
using MedicalContent.Http;
using MedicalContent.Routing;
using Microsoft.Extensions.Options;

namespace MedicalContent.Api.Http;

/// <summary>
/// Answers the plain public reads (GET and HEAD of an article, a version, their JSON-LD, a version list, the index,
/// the audiences, a search or a change-feed page) before routing and the endpoint machinery, when the request is
/// simple and the content service finds a representation: the same service call the shared handler makes, the same
/// headers in the same order, the same conditional logic. Anything else (another method or route, a query the
/// exact-name rule could object to, any answer but a representation) goes on to the normal pipeline unchanged, which
/// answers it as if this class did not exist. See docs/decisions/0011-warm-fast-path.md.
/// </summary>
internal sealed class FastPath(ContentService content, HttpCachingOptions caching)
{
    /// <summary>Configuration key that turns the fast path off (<c>FastPath:Enabled=false</c>); on by default.</summary>
    public const string EnabledKey = "FastPath:Enabled";

    // The route table's spelling of the routes the fast path matches: its prefix and literal segments.
    private static readonly string Prefix = "/" + RouteTable.ListArticles[..(RouteTable.ListArticles.LastIndexOf('/') + 1)];
    private static readonly string Articles = LastSegment(RouteTable.ListArticles);
    private static readonly string Audiences = LastSegment(RouteTable.ListAudiences);
    private static readonly string SearchSegment = LastSegment(RouteTable.SearchArticles);
    private static readonly string ChangesSegment = LastSegment(RouteTable.ListChanges);
    private static readonly string VersionsSegment = LastSegment(RouteTable.ListArticleVersions);
    private static readonly string JsonLdSegment = LastSegment(RouteTable.GetLatestArticleJsonLd);
    private const int MaxInterned = 4096;

    // Path segments and query values seen before, so a warm request allocates no strings (bounded: past the bound, a
    // value is allocated per request, as it would be without this).
    private readonly ConcurrentDictionary<string, string> _interned = new(StringComparer.Ordinal);

    private enum Route
    {
        None,
        Audiences,
        Index,
        Latest,
        LatestJsonLd,
        Versions,
        Version,
        VersionJsonLd,
        Search,
        Changes,
    }

    /// <summary>The OpenTelemetry attribute of a server span's route template.</summary>
    private const string HttpRouteTag = "http.route";

    // Each route's template as routing reports it (the route table's pattern), and its span names.
    private static readonly (string Template, string Get, string Head)[] Spans = Enum.GetValues<Route>().Select(route => RouteTemplate(route) is { } template
        ? (template, "GET " + template, "HEAD " + template)
        : ("", "", "")).ToArray();

    private static string? RouteTemplate(Route route) => route switch
    {
        Route.Audiences => RouteTable.ListAudiences,
        Route.Index => RouteTable.ListArticles,
        Route.Latest => RouteTable.GetLatestArticle,
        Route.LatestJsonLd => RouteTable.GetLatestArticleJsonLd,
        Route.Versions => RouteTable.ListArticleVersions,
        Route.Version => RouteTable.GetArticleVersion,
        Route.VersionJsonLd => RouteTable.GetArticleVersionJsonLd,
        Route.Search => RouteTable.SearchArticles,
        Route.Changes => RouteTable.ListChanges,
        _ => null,
    } is { } path ? "/" + path : null;

    /// <summary>Configuration key for Kestrel's inline scheduling (<c>FastPath:InlineScheduling=true</c>); off by default.</summary>
    public const string InlineSchedulingKey = "FastPath:InlineScheduling";

    public static bool IsEnabled(IConfiguration configuration) =>
        !bool.TryParse(configuration[EnabledKey], out var enabled) || enabled;

    public static bool PrefersInlineScheduling(IConfiguration configuration) =>
        bool.TryParse(configuration[InlineSchedulingKey], out var inline) && inline;

    /// <summary>The answer's task when the fast path answers; null when the request goes on to the pipeline.</summary>
    private Task? TryAnswer(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var method = request.Method;
        if (!(HttpMethods.IsGet(method) || HttpMethods.IsHead(method)))
        {
            return null;
        }

        var path = request.Path.Value;
        if (path is null || !path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var route = Match(path.AsSpan(Prefix.Length), out var slug, out var version);
        if (route == Route.None)
        {
            return null;
        }

        var query = new Query(request.QueryString.Value);
        if (!query.IsSimple)
        {
            return null;
        }

        var pending = route switch
        {
            Route.Audiences => query.Only() ? content.GetAudiencesAsync(context.RequestAborted) : null,
            Route.Index => query.Only(QueryParameter.Audience, QueryParameter.Limit, QueryParameter.Cursor, QueryParameter.Code, QueryParameter.Kind, QueryParameter.ReviewState)
                ? content.GetArticleIndexAsync(
                    Value(query, QueryParameter.Audience), Value(query, QueryParameter.Limit), Value(query, QueryParameter.Cursor),
                    Value(query, QueryParameter.Code) is { } code ? [code] : null, Value(query, QueryParameter.Kind), Value(query, QueryParameter.ReviewState),
                    context.RequestAborted)
                : null,
            Route.Latest or Route.LatestJsonLd => query.Only(QueryParameter.Audience)
                ? content.GetLatestAsync(Intern(slug), Value(query, QueryParameter.Audience), context.RequestAborted, route == Route.Latest ? ArticleFormat.Json : ArticleFormat.JsonLd)
                : null,
            Route.Versions => query.Only() ? content.GetVersionsAsync(Intern(slug), context.RequestAborted) : null,
            Route.Version or Route.VersionJsonLd => query.Only(QueryParameter.Audience)
                ? content.GetVersionAsync(
                    Intern(slug), Intern(version), Value(query, QueryParameter.Audience), context.RequestAborted,
                    route == Route.Version ? ArticleFormat.Json : ArticleFormat.JsonLd)
                : null,
            Route.Search => query.Only(QueryParameter.Q, QueryParameter.Audience, QueryParameter.Limit, QueryParameter.Cursor)
                ? content.SearchAsync(
                    Value(query, QueryParameter.Q), Value(query, QueryParameter.Audience), Value(query, QueryParameter.Limit), Value(query, QueryParameter.Cursor),
                    context.RequestAborted)
                : null,
            Route.Changes => query.Only(QueryParameter.Since, QueryParameter.Limit, QueryParameter.Slug, QueryParameter.Type)
                ? content.GetChangesAsync(
                    Value(query, QueryParameter.Since), Value(query, QueryParameter.Limit),
                    Value(query, QueryParameter.Slug) is { } one ? [one] : null, Value(query, QueryParameter.Type) is { } type ? [type] : null,
                    context.RequestAborted)
                : null,
            _ => null,
        };
        if (pending is null)
        {
            return null;
        }

        // Tracing on: the request span is named by its route, as routing names the requests it matches (with tracing
        // off there is no activity, and nothing is done or allocated).
        if (Activity.Current is { IsAllDataRequested: true } activity)
        {
            var (template, get, head) = Spans[(int)route];
            activity.DisplayName = HttpMethods.IsHead(method) ? head : get;
            activity.SetTag(HttpRouteTag, template);
        }

        // Warm answers complete at once; a miss (a render, a store read) is awaited, then answered the same way.
        return pending.IsCompletedSuccessfully
            ? (pending.Result is Found found ? Write(context, found.Representation) : null)
            : AnswerLaterAsync(context, pending, next);
    }

    private async Task AnswerLaterAsync(HttpContext context, Task<Outcome> pending, RequestDelegate next)
    {
        await ((Task)pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (pending.IsCompletedSuccessfully)
        {
            if (pending.Result is Found found)
            {
                await Write(context, found.Representation).ConfigureAwait(false);
                return;
            }

            // Not a representation (a 404, a 410, a 503 after the store's retries): answered here exactly as the shared
            // handler answers it, because asking the service again would wait for the store a second time.
            SecurityHeaders.Apply(context.Response);
            BrowserAccess.Apply(context, OperationAccess.Public);
            await pending.Result.ToResult(context).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        // The client went away: nobody to answer, and nothing to ask the store again.
        if (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        // A failure (an exception): the pipeline answers, and its exception handler writes the problem.
        await next(context).ConfigureAwait(false);
    }

    /// <summary>The middleware: the fast path, then the rest of the pipeline for everything it leaves.</summary>
    public RequestDelegate Middleware(RequestDelegate next) => context => TryAnswer(context, next) ?? next(context);

    /// <summary>
    /// What the shared handler (<see cref="ContentHandlers"/>, <see cref="BrowserAccess"/>) writes for a public
    /// representation: the same headers in the same order, then <see cref="RepresentationResult.Write"/>.
    /// </summary>
    private Task Write(HttpContext context, Representation representation)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = SecurityHeaders.NoSniff;
        headers.AccessControlAllowOrigin = BrowserAccess.AnyOrigin;
        headers.AccessControlExposeHeaders = BrowserAccess.ExposedHeaders;
        return RepresentationResult.Write(context, representation, caching.For(representation.CacheKind));
    }

    /// <summary>The route of <paramref name="rest"/> (the path after the API prefix), matched exactly as the route table spells it.</summary>
    private static Route Match(ReadOnlySpan<char> rest, out ReadOnlySpan<char> slug, out ReadOnlySpan<char> version)
    {
        slug = default;
        version = default;
        Span<Range> parts = stackalloc Range[6];
        var count = rest.Split(parts, '/');
        if (count is 0 or > 5)
        {
            return Route.None;
        }

        for (var i = 0; i < count; i++)
        {
            if (!IsPlainSegment(rest[parts[i]]))
            {
                return Route.None;
            }
        }

        var first = rest[parts[0]];
        if (count == 1)
        {
            return first.SequenceEqual(Articles) ? Route.Index
                : first.SequenceEqual(Audiences) ? Route.Audiences
                : first.SequenceEqual(SearchSegment) ? Route.Search
                : first.SequenceEqual(ChangesSegment) ? Route.Changes
                : Route.None;
        }

        if (!first.SequenceEqual(Articles))
        {
            return Route.None;
        }

        slug = rest[parts[1]];
        switch (count)
        {
            case 2:
                return Route.Latest;
            case 3:
                var third = rest[parts[2]];
                return third.SequenceEqual(JsonLdSegment) ? Route.LatestJsonLd : third.SequenceEqual(VersionsSegment) ? Route.Versions : Route.None;
        }

        if (!rest[parts[2]].SequenceEqual(VersionsSegment))
        {
            return Route.None;
        }

        version = rest[parts[3]];
        return count == 4 ? Route.Version : rest[parts[4]].SequenceEqual(JsonLdSegment) ? Route.VersionJsonLd : Route.None;
    }

    private static string LastSegment(string route) => route[(route.LastIndexOf('/') + 1)..];

    /// <summary>Letters, digits, '-', '_' and '.' only: nothing routing could read differently (no empty segment either).</summary>
    private static bool IsPlainSegment(ReadOnlySpan<char> segment) =>
        !segment.IsEmpty && !segment.ContainsAnyExcept(PlainCharacters);

    private static readonly System.Buffers.SearchValues<char> PlainCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");

    private string? Value(in Query query, string name) => query.Find(name) is { } range ? Intern(query.Text.AsSpan(range.Start, range.Length)) : null;

    private string Intern(ReadOnlySpan<char> value)
    {
        var lookup = _interned.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(value, out var interned))
        {
            return interned;
        }

        var text = value.ToString();
        if (_interned.Count < MaxInterned)
        {
            _interned.TryAdd(text, text);
        }

        return text;
    }

    /// <summary>
    /// A query the fast path may read itself: every pair <c>name=value</c>, nothing percent-encoded, no '+', no empty
    /// pair, no name twice. Which names are allowed is the route's (<see cref="Only"/>): names spelled exactly as the
    /// route table spells them, so the exact-name rule has nothing to object to; any other query goes to the pipeline.
    /// </summary>
    private readonly ref struct Query
    {
        private const int MaxPairs = 6;

        public readonly string Text;
        private readonly (int Start, int Eq, int End) _p0, _p1, _p2, _p3, _p4, _p5;
        private readonly int _count;

        public Query(string? raw)
        {
            Text = raw ?? "";
            IsSimple = true;
            if (Text.Length <= 1)
            {
                return;
            }

            if (Text[0] != '?' || Text.AsSpan().ContainsAny('%', '+'))
            {
                IsSimple = false;
                return;
            }

            var start = 1;
            while (start <= Text.Length)
            {
                var end = Text.IndexOf('&', start);
                end = end < 0 ? Text.Length : end;
                var equals = Text.IndexOf('=', start, end - start);
                if (equals <= start || _count == MaxPairs)
                {
                    IsSimple = false;
                    return;
                }

                var pair = (start, equals, end);
                switch (_count++)
                {
                    case 0: _p0 = pair; break;
                    case 1: _p1 = pair; break;
                    case 2: _p2 = pair; break;
                    case 3: _p3 = pair; break;
                    case 4: _p4 = pair; break;
                    default: _p5 = pair; break;
                }

                start = end + 1;
            }

            // No name twice (a repeated name is either an error or a multi-value filter: the pipeline's).
            for (var i = 0; i < _count; i++)
            {
                for (var j = i + 1; j < _count; j++)
                {
                    if (Name(i).SequenceEqual(Name(j)))
                    {
                        IsSimple = false;
                        return;
                    }
                }
            }
        }

        public bool IsSimple { get; }

        /// <summary>True when every name is, exactly, one of <paramref name="names"/>.</summary>
        public bool Only(params ReadOnlySpan<string> names)
        {
            for (var i = 0; i < _count; i++)
            {
                var name = Name(i);
                var known = false;
                foreach (var allowed in names)
                {
                    known |= name.SequenceEqual(allowed);
                }

                if (!known)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Where the value of <paramref name="name"/> is, when the query has it.</summary>
        public (int Start, int Length)? Find(string name)
        {
            for (var i = 0; i < _count; i++)
            {
                if (Name(i).SequenceEqual(name))
                {
                    var (_, equals, end) = Pair(i);
                    return (equals + 1, end - equals - 1);
                }
            }

            return null;
        }

        private ReadOnlySpan<char> Name(int i)
        {
            var (start, equals, _) = Pair(i);
            return Text.AsSpan(start, equals - start);
        }

        private (int Start, int Eq, int End) Pair(int i) => i switch
        {
            0 => _p0,
            1 => _p1,
            2 => _p2,
            3 => _p3,
            4 => _p4,
            _ => _p5,
        };
    }
}

/// <summary>Registers the fast path in front of routing.</summary>
internal static class FastPathExtensions
{
    /// <summary>
    /// Puts the fast path first (unless <c>FastPath:Enabled</c> is false) and routing explicitly after it, so a request
    /// the fast path answers is never matched against the endpoints.
    /// </summary>
    public static WebApplication UseFastPath(this WebApplication app)
    {
        if (FastPath.IsEnabled(app.Configuration))
        {
            var fast = new FastPath(app.Services.GetRequiredService<ContentService>(), app.Services.GetRequiredService<IOptions<HttpCachingOptions>>().Value);
            app.Use(fast.Middleware);
        }

        return app;
    }
}
