using MedicalContent.Http;
using MedicalContent.Routing;

namespace MedicalContent.Functions;

/// <summary>
/// One HTTP function per operation of the route table, each a call of the shared handler. Names and routes come from
/// the route table (host.json's route prefix is empty); every function answers GET and HEAD, anonymously, and the
/// content functions answer browsers' CORS preflight (OPTIONS) too: the app, not the platform, answers CORS.
/// </summary>
public static class ContentFunctions
{
    private const AuthorizationLevel Anonymous = AuthorizationLevel.Anonymous;

    [Function(nameof(RouteTable.ListAudiences))]
    public static Task<IResult> ListAudiences([HttpTrigger(Anonymous, "get", "head", "options", Route = RouteTable.ListAudiences)] HttpRequest request) =>
        ContentHandlers.ListAudiences(request.HttpContext);

    [Function(nameof(RouteTable.ListArticles))]
    public static Task<IResult> ListArticles([HttpTrigger(Anonymous, "get", "head", "options", Route = RouteTable.ListArticles)] HttpRequest request) =>
        ContentHandlers.ListArticles(request.HttpContext);

    [Function(nameof(RouteTable.GetLatestArticle))]
    public static Task<IResult> GetLatestArticle([HttpTrigger(Anonymous, "get", "head", "options", Route = RouteTable.GetLatestArticle)] HttpRequest request) =>
        ContentHandlers.GetLatestArticle(request.HttpContext);

    [Function(nameof(RouteTable.ListArticleVersions))]
    public static Task<IResult> ListArticleVersions([HttpTrigger(Anonymous, "get", "head", "options", Route = RouteTable.ListArticleVersions)] HttpRequest request) =>
        ContentHandlers.ListArticleVersions(request.HttpContext);

    [Function(nameof(RouteTable.GetArticleVersion))]
    public static Task<IResult> GetArticleVersion([HttpTrigger(Anonymous, "get", "head", "options", Route = RouteTable.GetArticleVersion)] HttpRequest request) =>
        ContentHandlers.GetArticleVersion(request.HttpContext);

    [Function(nameof(RouteTable.GetLatestArticleJsonLd))]
    public static Task<IResult> GetLatestArticleJsonLd([HttpTrigger(Anonymous, "get", "head", "options", Route = RouteTable.GetLatestArticleJsonLd)] HttpRequest request) =>
        ContentHandlers.GetLatestArticleJsonLd(request.HttpContext);

    [Function(nameof(RouteTable.GetArticleVersionJsonLd))]
    public static Task<IResult> GetArticleVersionJsonLd([HttpTrigger(Anonymous, "get", "head", "options", Route = RouteTable.GetArticleVersionJsonLd)] HttpRequest request) =>
        ContentHandlers.GetArticleVersionJsonLd(request.HttpContext);

    [Function(nameof(RouteTable.ListChanges))]
    public static Task<IResult> ListChanges([HttpTrigger(Anonymous, "get", "head", "options", Route = RouteTable.ListChanges)] HttpRequest request) =>
        ContentHandlers.ListChanges(request.HttpContext);

    [Function(nameof(RouteTable.GetSchema))]
    public static Task<IResult> GetSchema([HttpTrigger(Anonymous, "get", "head", "options", Route = RouteTable.GetSchema)] HttpRequest request) =>
        ContentHandlers.GetSchema(request.HttpContext);

    [Function(nameof(RouteTable.PreviewNewestArticle))]
    public static Task<IResult> PreviewNewestArticle([HttpTrigger(Anonymous, "get", "head", "options", Route = RouteTable.PreviewNewestArticle)] HttpRequest request) =>
        ContentHandlers.PreviewNewestArticle(request.HttpContext);

    [Function(nameof(RouteTable.PreviewArticleVersions))]
    public static Task<IResult> PreviewArticleVersions([HttpTrigger(Anonymous, "get", "head", "options", Route = RouteTable.PreviewArticleVersions)] HttpRequest request) =>
        ContentHandlers.PreviewArticleVersions(request.HttpContext);

    [Function(nameof(RouteTable.PreviewArticleVersion))]
    public static Task<IResult> PreviewArticleVersion([HttpTrigger(Anonymous, "get", "head", "options", Route = RouteTable.PreviewArticleVersion)] HttpRequest request) =>
        ContentHandlers.PreviewArticleVersion(request.HttpContext);

    [Function(nameof(RouteTable.SearchArticles))]
    public static Task<IResult> SearchArticles([HttpTrigger(Anonymous, "get", "head", "options", Route = RouteTable.SearchArticles)] HttpRequest request) =>
        ContentHandlers.SearchArticles(request.HttpContext);

    [Function(nameof(RouteTable.Infobutton))]
    public static Task<IResult> Infobutton([HttpTrigger(Anonymous, "get", "head", "options", Route = RouteTable.Infobutton)] HttpRequest request) =>
        ContentHandlers.Infobutton(request.HttpContext);

    [Function(nameof(RouteTable.GetHealth))]
    public static Task<IResult> GetHealth([HttpTrigger(Anonymous, "get", "head", Route = RouteTable.GetHealth)] HttpRequest request) =>
        ContentHandlers.GetHealth(request.HttpContext);
}
