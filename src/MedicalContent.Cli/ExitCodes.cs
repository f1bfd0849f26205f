namespace MedicalContent.Cli;

/// <summary>What <c>medcontent</c> exits with; scripts and CI rely on these.</summary>
public static class ExitCodes
{
    /// <summary>Done (a publish with nothing new is a success too).</summary>
    public const int Success = 0;

    /// <summary>The content is invalid or the change is refused: validation problems, bytes changed under a published version, unknown article or version.</summary>
    public const int Refused = 1;

    /// <summary>The command line is wrong: unknown command or option, missing argument, no store given.</summary>
    public const int Usage = 2;

    /// <summary>The store could not be reached or refused access, or the index kept changing under us.</summary>
    public const int StoreFailed = 3;

    /// <summary>The change is written (never undone), but a CDN edge could not be purged: it may serve the old answer until purged by hand.</summary>
    public const int PurgeFailed = 4;
}
