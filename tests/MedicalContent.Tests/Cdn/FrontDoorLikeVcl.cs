using System.Globalization;
using MedicalContent.Routing;

namespace MedicalContent.Tests.Cdn;

/// <summary>
/// A Varnish configuration that caches like our Azure Front Door route (infra/modules/front-door.bicep):
/// the cache key is the path plus exactly the query parameters of <see cref="RouteTable.CacheKeyQueryParameters"/>
/// as sent (case-sensitive, not decoded; every other parameter is dropped from the key but still forwarded to the
/// origin), and <c>Vary</c> is ignored (Front Door does not key on it). It also takes xkey purges from 127.0.0.1:
/// <c>PURGE</c> with <c>xkey: keys</c> (removed) or <c>xkey-softpurge: keys</c> (made stale), keys being the API's
/// <c>Surrogate-Key</c> values.
/// </summary>
public static class FrontDoorLikeVcl
{
    /// <summary>Response header with the query part of the key the edge stored the answer under.</summary>
    public const string KeyHeader = "X-Cache-Key-Query";

    public static string Generate(int originPort) => Generate(originPort, RouteTable.CacheKeyQueryParameters);

    public static string Generate(int originPort, IReadOnlyList<string> keyParameters)
    {
        if (keyParameters.Count == 0 || keyParameters.Any(p => p.Length == 0 || !p.All(c => char.IsAsciiLetter(c) || c == '.')))
        {
            throw new ArgumentException("Cache key parameters are ASCII names: letters and dots (mainSearchCriteria.v.c).", nameof(keyParameters));
        }

        // Drops every name=value pair whose raw name is not exactly one of the list (PCRE2 negative lookahead,
        // case-sensitive; a dot in a name is a literal dot).
        var names = string.Join('|', keyParameters.Select(p => p.Replace(".", "\\.", StringComparison.Ordinal)));
        var port = originPort.ToString(CultureInfo.InvariantCulture);
        return $$"""
            vcl 4.1;

            import xkey;

            backend origin {
                .host = "127.0.0.1";
                .port = "{{port}}";
            }

            acl purgers {
                "127.0.0.1";
            }

            sub vcl_recv {
                if (req.method == "PURGE") {
                    if (client.ip !~ purgers) {
                        return (synth(403, "Forbidden"));
                    }
                    if (req.http.xkey) {
                        set req.http.x-purged = xkey.purge(req.http.xkey);
                    } else if (req.http.xkey-softpurge) {
                        set req.http.x-purged = xkey.softpurge(req.http.xkey-softpurge);
                    } else {
                        return (synth(400, "Send xkey or xkey-softpurge"));
                    }
                    return (synth(200, "Purged " + req.http.x-purged + " object(s)"));
                }

                # The query part of the cache key: generated from RouteTable.CacheKeyQueryParameters.
                set req.http.x-key-query = regsuball(regsub(req.url, "^[^?]*\??", ""), "(?:^|&)(?!(?:{{names}})(?:=|&|$))[^&]*", "");
                set req.http.x-key-query = regsub(req.http.x-key-query, "^&+", "");
            }

            sub vcl_hash {
                hash_data(regsub(req.url, "\?.*$", ""));
                hash_data(req.http.x-key-query);
                return (lookup);
            }

            sub vcl_backend_response {
                # xkey indexes objects by the xkey header; the API sends its purge keys as Surrogate-Key.
                if (beresp.http.Surrogate-Key) {
                    set beresp.http.xkey = beresp.http.Surrogate-Key;
                }
                # Front Door does not key on Vary: hide it from the cache, give it back to the client.
                if (beresp.http.Vary) {
                    set beresp.http.x-origin-vary = beresp.http.Vary;
                    unset beresp.http.Vary;
                }
            }

            sub vcl_deliver {
                unset resp.http.xkey;
                if (resp.http.x-origin-vary) {
                    set resp.http.Vary = resp.http.x-origin-vary;
                    unset resp.http.x-origin-vary;
                }
                set resp.http.{{KeyHeader}} = req.http.x-key-query;
                if (obj.hits > 0) {
                    set resp.http.X-Cache = "HIT";
                } else {
                    set resp.http.X-Cache = "MISS";
                }
            }
            """;
    }
}
