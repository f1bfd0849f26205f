namespace MedicalContent.Cli;

// A namespaced entry point: the API's global Program stays unambiguous in tests that reference both.
internal static class Program
{
    public static Task<int> Main(string[] args) => CliApp.RunAsync(args, Console.Out, Console.Error);
}
