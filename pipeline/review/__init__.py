"""The review report: what it shows of an extraction, each record beside its page crop (`gather`),
and that as one self-contained HTML file (`html`)."""
