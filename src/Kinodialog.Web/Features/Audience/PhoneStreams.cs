namespace Kinodialog.Web.Features.Audience;

/// <summary>
/// Event streams a phone holds open at once: at most <see cref="MaxPerPhone"/> (its page, and one more tab
/// or a reload that overlaps the old one). A script opening more only ties up connections and listeners, so
/// the next one is refused (429) until one of its streams ends. Counted per node.
/// </summary>
public sealed class PhoneStreams
{
    public const int MaxPerPhone = 3;

    private readonly Dictionary<Guid, int> _open = [];

    /// <summary>A lease on one stream of this participant (dispose it when the stream ends), or null when it has too many open.</summary>
    public IDisposable? TryOpen(Guid participantId)
    {
        lock (_open)
        {
            var open = _open.GetValueOrDefault(participantId);
            if (open >= MaxPerPhone)
            {
                return null;
            }

            _open[participantId] = open + 1;
        }

        return new Lease(this, participantId);
    }

    /// <summary>Streams open now for this participant (tests, diagnostics).</summary>
    public int Open(Guid participantId)
    {
        lock (_open)
        {
            return _open.GetValueOrDefault(participantId);
        }
    }

    private void Close(Guid participantId)
    {
        lock (_open)
        {
            if (_open.GetValueOrDefault(participantId) <= 1)
            {
                _open.Remove(participantId);
            }
            else
            {
                _open[participantId]--;
            }
        }
    }

    private sealed class Lease(PhoneStreams owner, Guid participantId) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                owner.Close(participantId);
            }
        }
    }
}
