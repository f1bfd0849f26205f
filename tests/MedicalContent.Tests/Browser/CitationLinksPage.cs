namespace MedicalContent.Tests.Browser;

/// <summary>
/// A stand-in article page: its script fetches one article and renders the summary, every block's text and every
/// list item, turning each citation mark into links (<c>&lt;a href="#ref-N"&gt;N&lt;/a&gt;</c>) from the mark's
/// <c>offset</c>, <c>length</c> and <c>numbers</c> alone: string slicing, no pattern matching over the text. Then it
/// reads its own DOM back (each piece's visible text, where each link is in it, whether its target is in the
/// reference list) and writes that as JSON into <c>&lt;pre id="result"&gt;</c>.
/// </summary>
public static class CitationLinksPage
{
    /// <summary>The page's path on the frontend origin; it reads <c>slug</c> and <c>audience</c> from its query.</summary>
    public const string Path = "/citations";

    public static string Html(Uri api) => $$"""
        <!doctype html>
        <html>
        <head><meta charset="utf-8"><title>Citations</title></head>
        <body>
        <main id="article"></main>
        <ol id="references"></ol>
        <pre id="{{FrontendPages.ResultElement}}">pending</pre>
        <script>
        const query = new URLSearchParams(location.search);
        const url = '{{FrontendPages.OriginOf(api)}}/api/v1/articles/' + query.get('slug') + '?audience=' + query.get('audience');

        // The renderer: text before each mark as it is, the mark rebuilt as "[" + links + "]", the rest as it is.
        function appendCited(parent, piece) {
          let at = 0;
          for (const mark of piece.citations ?? []) {
            parent.append(piece.text.slice(at, mark.offset), '[');
            mark.numbers.forEach((number, i) => {
              if (i > 0) parent.append(', ');
              const link = document.createElement('a');
              link.href = '#ref-' + number;
              link.textContent = String(number);
              parent.append(link);
            });
            parent.append(']');
            at = mark.offset + mark.length;
          }
          parent.append(piece.text.slice(at));
        }

        function addPiece(parent, tag, key, piece) {
          const element = document.createElement(tag);
          element.dataset.piece = key;
          appendCited(element, piece);
          parent.append(element);
        }

        function render(article) {
          const main = document.getElementById('article');
          if (article.summary) addPiece(main, 'p', 'summary', article.summary);
          for (const section of article.sections) {
            for (const block of section.blocks) {
              if (block.items) {
                const list = document.createElement('ul');
                block.items.forEach((item, i) => addPiece(list, 'li', block.id + '/' + i, item));
                main.append(list);
              } else if (block.text !== undefined) {
                addPiece(main, block.type === 'heading' ? 'h2' : 'p', block.id, block);
              }
            }
          }

          const references = document.getElementById('references');
          for (const reference of article.references) {
            const item = document.createElement('li');
            item.id = 'ref-' + reference.number;
            item.append(reference.title + '. ' + reference.source + ', ' + reference.year + '. ');
            if (reference.url) {
              const link = document.createElement('a');
              link.href = reference.url;
              link.textContent = reference.url;
              item.append(link);
            }
            references.append(item);
          }
        }

        // The probe: what a reader sees, read back from the DOM the renderer left.
        function probe() {
          const pieces = [...document.querySelectorAll('#article [data-piece]')].map(element => ({
            piece: element.dataset.piece,
            text: element.textContent,
            links: [...element.querySelectorAll('a')].map(link => {
              const before = document.createRange();
              before.setStart(element, 0);
              before.setEndBefore(link);
              const target = document.getElementById(link.getAttribute('href').slice(1));
              return {
                href: link.getAttribute('href'),
                text: link.textContent,
                at: before.toString().length,
                target: target && target.closest('#references') ? target.id : null,
              };
            }),
          }));
          const references = [...document.querySelectorAll('#references > li')].map(item => ({
            id: item.id,
            url: item.querySelector('a') ? item.querySelector('a').getAttribute('href') : null,
          }));
          return { pieces, references };
        }

        (async () => {
          let result;
          try {
            const response = await fetch(url);
            render(await response.json());
            result = { status: response.status, ...probe() };
          } catch (error) {
            result = { error: error.name + ': ' + error.message };
          }
          document.getElementById('{{FrontendPages.ResultElement}}').textContent = JSON.stringify(result);
        })();
        </script>
        </body>
        </html>
        """;
}
