using System.Diagnostics;
using System.Globalization;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Cdn;

/// <summary>
/// A real Varnish cache on loopback in front of an origin, standing in for a CDN edge: it honours s-maxage,
/// keeps expired objects and revalidates them with conditional requests, as CDN edges do.
/// </summary>
public sealed class VarnishProxy : IDisposable
{
    private const string Binary = "/usr/sbin/varnishd";

    private readonly ServerProcess _process;
    private readonly string _workFolder;

    private VarnishProxy(ServerProcess process, string workFolder, int port)
    {
        _process = process;
        _workFolder = workFolder;
        BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
    }

    public Uri BaseAddress { get; }

    public static async Task<VarnishProxy> StartAsync(int originPort)
    {
        await SystemPackages.EnsureAsync("varnish", Binary);
        return await StartAsync($$"""
            vcl 4.1;

            backend origin {
                .host = "127.0.0.1";
                .port = "{{originPort}}";
            }

            sub vcl_deliver {
                if (obj.hits > 0) {
                    set resp.http.X-Cache = "HIT";
                } else {
                    set resp.http.X-Cache = "MISS";
                }
            }
            """);
    }

    /// <summary>
    /// An edge that keys like Azure Front Door (<see cref="FrontDoorLikeVcl"/>) and accepts xkey purges from
    /// 127.0.0.1, as <c>medcontent --purge-varnish</c> sends them.
    /// </summary>
    public static async Task<VarnishProxy> StartFrontDoorLikeAsync(int originPort)
    {
        await SystemPackages.EnsureAsync("varnish", Binary);
        await SystemPackages.EnsureAsync("varnish-modules", XkeyModule);
        return await StartAsync(FrontDoorLikeVcl.Generate(originPort));
    }

    /// <summary>Debian's varnish-modules puts the vmods under the multiarch library folder.</summary>
    private static string XkeyModule => Directory.Exists("/usr/lib/aarch64-linux-gnu/varnish")
        ? "/usr/lib/aarch64-linux-gnu/varnish/vmods/libvmod_xkey.so"
        : "/usr/lib/x86_64-linux-gnu/varnish/vmods/libvmod_xkey.so";

    private static async Task<VarnishProxy> StartAsync(string vclText)
    {
        var work = Path.Combine(Path.GetTempPath(), "mc-varnish-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        var vcl = Path.Combine(work, "edge.vcl");
        await File.WriteAllTextAsync(vcl, vclText);

        var port = Ports.Free();
        var start = new ProcessStartInfo(Binary)
        {
            ArgumentList =
            {
                "-F", "-f", vcl, "-a", $"127.0.0.1:{port}", "-n", Path.Combine(work, "instance"), "-s", "malloc,32m",
                "-T", "none", "-p", "default_grace=0", "-p", "default_keep=300", "-p", "default_ttl=0",
            },
        };
        var process = await ServerProcess.StartAsync(start, port, TimeSpan.FromSeconds(30));
        return new VarnishProxy(process, work, port);
    }

    public void Dispose()
    {
        _process.Dispose();
        try
        {
            Directory.Delete(_workFolder, recursive: true);
        }
        catch (IOException)
        {
            // Varnish may still hold its shared memory log for a moment; the temp folder is reclaimed later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
