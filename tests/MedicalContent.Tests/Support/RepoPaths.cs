namespace MedicalContent.Tests.Support;

/// <summary>Locates the repository from the test binaries, so tests use the real content and schema files.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string ContentJson => Path.Combine(Root, "content-json");

    public static string Schemas => Path.Combine(Root, "src", "MedicalContent.Core", "Schemas");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Functions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Functions.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A copy of content-json/ in a temporary folder that a test may change freely.</summary>
public sealed class TempContentFolder : IDisposable
{
    public TempContentFolder(string? source = null)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mc-content-" + Guid.NewGuid().ToString("N"));
        Copy(source ?? RepoPaths.ContentJson, Path);
    }

    public string Path { get; }

    public string File(string relative) => System.IO.Path.Combine(Path, relative);

    public void Write(string relative, string text)
    {
        var path = File(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, text);
    }

    public string Read(string relative) => System.IO.File.ReadAllText(File(relative));

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            System.IO.File.Copy(file, System.IO.Path.Combine(to, System.IO.Path.GetFileName(file)));
        }

        foreach (var directory in Directory.GetDirectories(from))
        {
            Copy(directory, System.IO.Path.Combine(to, System.IO.Path.GetFileName(directory)));
        }
    }
}
