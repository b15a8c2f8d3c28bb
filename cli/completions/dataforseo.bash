_dataforseo() {
    local IFS=$' \t\n'
    local args cur prev cmd opts arg
    args=("${COMP_WORDS[@]}")
    cur="${COMP_WORDS[COMP_CWORD]}"
    prev="${COMP_WORDS[COMP_CWORD-1]}"
    opts="-h --help --version"

    args=("${args[@]:1}")
    for arg in "${args[@]}"; do
        case "$arg" in
            anchors)
                cmd="anchors"
                opts="$opts -h --help --limit --offset --internal-list-limit --status --filter --filters --order-by --backlinks-filter --backlinks-filters --no-subdomains --no-indirect-links --include-internal --rank-scale --tag --all --max-items --concurrency --max-cost --confirm-over --yes --ledger --format --fields --csv-raw --quiet --no-cache --refresh --snapshot --login --password-file --sandbox --base-url --timeout"
                break
                ;;
            backlinks)
                cmd="backlinks"
                opts="$opts -h --help --limit --offset --status --filter --filters --order-by --no-subdomains --include-internal --rank-scale --tag --custom-mode --mode --search-after-token --all --max-items --concurrency --max-cost --confirm-over --yes --ledger --format --fields --csv-raw --quiet --no-cache --refresh --snapshot --login --password-file --sandbox --base-url --timeout"
                break
                ;;
            referring-domains)
                cmd="referring-domains"
                opts="$opts -h --help --limit --offset --internal-list-limit --status --filter --filters --order-by --backlinks-filter --backlinks-filters --no-subdomains --no-indirect-links --include-internal --rank-scale --tag --all --max-items --concurrency --max-cost --confirm-over --yes --ledger --format --fields --csv-raw --quiet --no-cache --refresh --snapshot --login --password-file --sandbox --base-url --timeout"
                break
                ;;
            referring-networks)
                cmd="referring-networks"
                opts="$opts -h --help --limit --offset --internal-list-limit --status --filter --filters --order-by --backlinks-filter --backlinks-filters --no-subdomains --no-indirect-links --include-internal --rank-scale --tag --network-address-type --all --max-items --concurrency --max-cost --confirm-over --yes --ledger --format --fields --csv-raw --quiet --no-cache --refresh --snapshot --login --password-file --sandbox --base-url --timeout"
                break
                ;;
            domain-pages)
                cmd="domain-pages"
                opts="$opts -h --help --limit --offset --internal-list-limit --status --filter --filters --order-by --backlinks-filter --backlinks-filters --no-subdomains --include-internal --rank-scale --tag --all --max-items --concurrency --max-cost --confirm-over --yes --ledger --format --fields --csv-raw --quiet --no-cache --refresh --snapshot --login --password-file --sandbox --base-url --timeout"
                break
                ;;
            domain-pages-summary)
                cmd="domain-pages-summary"
                opts="$opts -h --help --limit --offset --internal-list-limit --status --filter --filters --order-by --backlinks-filter --backlinks-filters --no-subdomains --no-indirect-links --include-internal --rank-scale --tag --all --max-items --concurrency --max-cost --confirm-over --yes --ledger --format --fields --csv-raw --quiet --no-cache --refresh --snapshot --login --password-file --sandbox --base-url --timeout"
                break
                ;;
            summary)
                cmd="summary"
                opts="$opts -h --help --internal-list-limit --status --backlinks-filter --backlinks-filters --no-subdomains --no-indirect-links --include-internal --rank-scale --tag --ledger --format --quiet --no-cache --refresh --login --password-file --sandbox --base-url --timeout"
                break
                ;;
            history)
                cmd="history"
                opts="$opts -h --help --date-from --date-to --rank-scale --tag --ledger --format --fields --csv-raw --quiet --no-cache --refresh --login --password-file --sandbox --base-url --timeout"
                break
                ;;
            timeseries-summary)
                cmd="timeseries-summary"
                opts="$opts -h --help --date-from --date-to --group-range --no-subdomains --rank-scale --tag --ledger --format --fields --csv-raw --quiet --no-cache --refresh --login --password-file --sandbox --base-url --timeout"
                break
                ;;
            timeseries-new-lost-summary)
                cmd="timeseries-new-lost-summary"
                opts="$opts -h --help --date-from --date-to --group-range --no-subdomains --tag --ledger --format --fields --csv-raw --quiet --no-cache --refresh --login --password-file --sandbox --base-url --timeout"
                break
                ;;
            competitors)
                cmd="competitors"
                opts="$opts -h --help --limit --offset --filter --filters --order-by --include-internal --rank-scale --tag --no-exclude-large-domains --no-main-domain --all --max-items --concurrency --max-cost --confirm-over --yes --ledger --format --fields --csv-raw --quiet --no-cache --refresh --snapshot --login --password-file --sandbox --base-url --timeout"
                break
                ;;
            domain-intersection)
                cmd="domain-intersection"
                opts="$opts -h --help --limit --offset --internal-list-limit --status --filter --filters --order-by --backlinks-filter --backlinks-filters --no-subdomains --no-indirect-links --include-internal --rank-scale --tag --exclude-target --intersection-mode --all --max-items --concurrency --max-cost --confirm-over --yes --ledger --format --fields --csv-raw --quiet --no-cache --refresh --snapshot --login --password-file --sandbox --base-url --timeout"
                break
                ;;
            page-intersection)
                cmd="page-intersection"
                opts="$opts -h --help --limit --offset --internal-list-limit --status --filter --filters --order-by --no-subdomains --no-indirect-links --include-internal --rank-scale --tag --exclude-target --intersection-mode --all --max-items --concurrency --max-cost --confirm-over --yes --ledger --format --fields --csv-raw --quiet --no-cache --refresh --snapshot --login --password-file --sandbox --base-url --timeout"
                break
                ;;
            bulk-ranks)
                cmd="bulk-ranks"
                opts="$opts -h --help --targets-file --rank-scale --tag --max-cost --confirm-over --yes --ledger --format --fields --csv-raw --quiet --no-cache --refresh --login --password-file --sandbox --base-url --timeout"
                break
                ;;
            bulk-backlinks)
                cmd="bulk-backlinks"
                opts="$opts -h --help --targets-file --tag --max-cost --confirm-over --yes --ledger --format --fields --csv-raw --quiet --no-cache --refresh --login --password-file --sandbox --base-url --timeout"
                break
                ;;
            bulk-spam-score)
                cmd="bulk-spam-score"
                opts="$opts -h --help --targets-file --tag --max-cost --confirm-over --yes --ledger --format --fields --csv-raw --quiet --no-cache --refresh --login --password-file --sandbox --base-url --timeout"
                break
                ;;
            bulk-referring-domains)
                cmd="bulk-referring-domains"
                opts="$opts -h --help --targets-file --tag --max-cost --confirm-over --yes --ledger --format --fields --csv-raw --quiet --no-cache --refresh --login --password-file --sandbox --base-url --timeout"
                break
                ;;
            bulk-new-lost-backlinks)
                cmd="bulk-new-lost-backlinks"
                opts="$opts -h --help --targets-file --date-from --tag --max-cost --confirm-over --yes --ledger --format --fields --csv-raw --quiet --no-cache --refresh --login --password-file --sandbox --base-url --timeout"
                break
                ;;
            bulk-new-lost-referring-domains)
                cmd="bulk-new-lost-referring-domains"
                opts="$opts -h --help --targets-file --date-from --tag --max-cost --confirm-over --yes --ledger --format --fields --csv-raw --quiet --no-cache --refresh --login --password-file --sandbox --base-url --timeout"
                break
                ;;
            bulk-pages-summary)
                cmd="bulk-pages-summary"
                opts="$opts -h --help --targets-file --no-subdomains --rank-scale --tag --max-cost --confirm-over --yes --ledger --format --fields --csv-raw --quiet --no-cache --refresh --login --password-file --sandbox --base-url --timeout"
                break
                ;;
            index)
                cmd="index"
                opts="$opts -h --help --ledger --format --quiet --no-cache --refresh --login --password-file --sandbox --base-url --timeout"
                break
                ;;
            available-filters)
                cmd="available-filters"
                opts="$opts -h --help --ledger --format --quiet --no-cache --refresh --login --password-file --sandbox --base-url --timeout"
                break
                ;;
            errors)
                cmd="errors"
                opts="$opts -h --help --limit --offset --filtered-function --datetime-from --datetime-to --all --max-items --concurrency --max-cost --confirm-over --yes --ledger --format --fields --csv-raw --quiet --no-cache --refresh --snapshot --login --password-file --sandbox --base-url --timeout"
                break
                ;;
            id-list)
                cmd="id-list"
                opts="$opts -h --help --datetime-from --datetime-to --limit --offset --sort --include-metadata --all --max-items --concurrency --max-cost --confirm-over --yes --ledger --format --fields --csv-raw --quiet --no-cache --refresh --snapshot --login --password-file --sandbox --base-url --timeout"
                break
                ;;
            report)
                cmd="report"
                opts="$opts -h --help --out --format --brand --generic --top --status --history --max-items --concurrency --max-cost --confirm-over --yes --ledger --quiet --no-cache --refresh --snapshot --login --password-file --sandbox --base-url --timeout"
                break
                ;;
            spend)
                cmd="spend"
                opts="$opts -h --help --ledger --since --by --format"
                break
                ;;
            reconcile)
                cmd="reconcile"
                opts="$opts -h --help --ledger --since --format --quiet --login --password-file --sandbox --base-url --timeout"
                break
                ;;
            account)
                cmd="account"
                opts="$opts -h --help --format --login --password-file --sandbox --base-url --timeout"
                break
                ;;
            mock)
                cmd="mock"
                opts="$opts "
                break
                ;;
            completion)
                cmd="completion"
                opts="$opts -h --help"
                break
                ;;
            cache)
                cmd="cache"
                opts="$opts -h --help --snapshots --format"
                break
                ;;
            changes)
                cmd="changes"
                opts="$opts -h --help --endpoint --since --format"
                break
                ;;
        esac
    done

    case "$cmd" in
        '')
            COMPREPLY=($(compgen -W "anchors backlinks referring-domains referring-networks domain-pages domain-pages-summary summary history timeseries-summary timeseries-new-lost-summary competitors domain-intersection page-intersection bulk-ranks bulk-backlinks bulk-spam-score bulk-referring-domains bulk-new-lost-backlinks bulk-new-lost-referring-domains bulk-pages-summary index available-filters errors id-list report spend reconcile account mock completion cache changes" -- "$cur"))
            ;;
        'anchors')
            case "$prev" in
                --limit)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --offset)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --internal-list-limit)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --status)
                    COMPREPLY=($(compgen -W "all live lost" -- "$cur"))
                    return 0
                    ;;
                --filter)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --filters)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --order-by)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --backlinks-filter)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --backlinks-filters)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --rank-scale)
                    COMPREPLY=($(compgen -W "100 1000" -- "$cur"))
                    return 0
                    ;;
                --tag)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --max-items)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --max-cost)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --confirm-over)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --ledger)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table csv jsonl json" -- "$cur"))
                    return 0
                    ;;
                --fields)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --login)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --password-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --base-url)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
        'backlinks')
            case "$prev" in
                --limit)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --offset)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --status)
                    COMPREPLY=($(compgen -W "all live lost" -- "$cur"))
                    return 0
                    ;;
                --filter)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --filters)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --order-by)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --rank-scale)
                    COMPREPLY=($(compgen -W "100 1000" -- "$cur"))
                    return 0
                    ;;
                --tag)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --custom-mode)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --mode)
                    COMPREPLY=($(compgen -W "as_is one_per_domain one_per_anchor" -- "$cur"))
                    return 0
                    ;;
                --search-after-token)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --max-items)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --max-cost)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --confirm-over)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --ledger)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table csv jsonl json" -- "$cur"))
                    return 0
                    ;;
                --fields)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --login)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --password-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --base-url)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
        'referring-domains')
            case "$prev" in
                --limit)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --offset)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --internal-list-limit)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --status)
                    COMPREPLY=($(compgen -W "all live lost" -- "$cur"))
                    return 0
                    ;;
                --filter)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --filters)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --order-by)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --backlinks-filter)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --backlinks-filters)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --rank-scale)
                    COMPREPLY=($(compgen -W "100 1000" -- "$cur"))
                    return 0
                    ;;
                --tag)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --max-items)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --max-cost)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --confirm-over)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --ledger)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table csv jsonl json" -- "$cur"))
                    return 0
                    ;;
                --fields)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --login)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --password-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --base-url)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
        'referring-networks')
            case "$prev" in
                --limit)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --offset)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --internal-list-limit)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --status)
                    COMPREPLY=($(compgen -W "all live lost" -- "$cur"))
                    return 0
                    ;;
                --filter)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --filters)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --order-by)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --backlinks-filter)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --backlinks-filters)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --rank-scale)
                    COMPREPLY=($(compgen -W "100 1000" -- "$cur"))
                    return 0
                    ;;
                --tag)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --network-address-type)
                    COMPREPLY=($(compgen -W "ip subnet" -- "$cur"))
                    return 0
                    ;;
                --max-items)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --max-cost)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --confirm-over)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --ledger)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table csv jsonl json" -- "$cur"))
                    return 0
                    ;;
                --fields)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --login)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --password-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --base-url)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
        'domain-pages')
            case "$prev" in
                --limit)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --offset)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --internal-list-limit)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --status)
                    COMPREPLY=($(compgen -W "all live lost" -- "$cur"))
                    return 0
                    ;;
                --filter)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --filters)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --order-by)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --backlinks-filter)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --backlinks-filters)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --rank-scale)
                    COMPREPLY=($(compgen -W "100 1000" -- "$cur"))
                    return 0
                    ;;
                --tag)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --max-items)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --max-cost)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --confirm-over)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --ledger)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table csv jsonl json" -- "$cur"))
                    return 0
                    ;;
                --fields)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --login)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --password-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --base-url)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
        'domain-pages-summary')
            case "$prev" in
                --limit)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --offset)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --internal-list-limit)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --status)
                    COMPREPLY=($(compgen -W "all live lost" -- "$cur"))
                    return 0
                    ;;
                --filter)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --filters)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --order-by)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --backlinks-filter)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --backlinks-filters)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --rank-scale)
                    COMPREPLY=($(compgen -W "100 1000" -- "$cur"))
                    return 0
                    ;;
                --tag)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --max-items)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --max-cost)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --confirm-over)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --ledger)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table csv jsonl json" -- "$cur"))
                    return 0
                    ;;
                --fields)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --login)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --password-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --base-url)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
        'summary')
            case "$prev" in
                --internal-list-limit)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --status)
                    COMPREPLY=($(compgen -W "all live lost" -- "$cur"))
                    return 0
                    ;;
                --backlinks-filter)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --backlinks-filters)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --rank-scale)
                    COMPREPLY=($(compgen -W "100 1000" -- "$cur"))
                    return 0
                    ;;
                --tag)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --ledger)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table csv jsonl json" -- "$cur"))
                    return 0
                    ;;
                --login)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --password-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --base-url)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
        'history')
            case "$prev" in
                --date-from)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --date-to)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --rank-scale)
                    COMPREPLY=($(compgen -W "100 1000" -- "$cur"))
                    return 0
                    ;;
                --tag)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --ledger)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table csv jsonl json" -- "$cur"))
                    return 0
                    ;;
                --fields)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --login)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --password-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --base-url)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
        'timeseries-summary')
            case "$prev" in
                --date-from)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --date-to)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --group-range)
                    COMPREPLY=($(compgen -W "day week month year" -- "$cur"))
                    return 0
                    ;;
                --rank-scale)
                    COMPREPLY=($(compgen -W "100 1000" -- "$cur"))
                    return 0
                    ;;
                --tag)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --ledger)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table csv jsonl json" -- "$cur"))
                    return 0
                    ;;
                --fields)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --login)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --password-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --base-url)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
        'timeseries-new-lost-summary')
            case "$prev" in
                --date-from)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --date-to)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --group-range)
                    COMPREPLY=($(compgen -W "day week month year" -- "$cur"))
                    return 0
                    ;;
                --tag)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --ledger)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table csv jsonl json" -- "$cur"))
                    return 0
                    ;;
                --fields)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --login)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --password-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --base-url)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
        'competitors')
            case "$prev" in
                --limit)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --offset)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --filter)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --filters)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --order-by)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --rank-scale)
                    COMPREPLY=($(compgen -W "100 1000" -- "$cur"))
                    return 0
                    ;;
                --tag)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --max-items)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --max-cost)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --confirm-over)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --ledger)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table csv jsonl json" -- "$cur"))
                    return 0
                    ;;
                --fields)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --login)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --password-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --base-url)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
        'domain-intersection')
            case "$prev" in
                --limit)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --offset)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --internal-list-limit)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --status)
                    COMPREPLY=($(compgen -W "all live lost" -- "$cur"))
                    return 0
                    ;;
                --filter)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --filters)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --order-by)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --backlinks-filter)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --backlinks-filters)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --rank-scale)
                    COMPREPLY=($(compgen -W "100 1000" -- "$cur"))
                    return 0
                    ;;
                --tag)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --exclude-target)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --intersection-mode)
                    COMPREPLY=($(compgen -W "all partial" -- "$cur"))
                    return 0
                    ;;
                --max-items)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --max-cost)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --confirm-over)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --ledger)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table csv jsonl json" -- "$cur"))
                    return 0
                    ;;
                --fields)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --login)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --password-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --base-url)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
        'page-intersection')
            case "$prev" in
                --limit)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --offset)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --internal-list-limit)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --status)
                    COMPREPLY=($(compgen -W "all live lost" -- "$cur"))
                    return 0
                    ;;
                --filter)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --filters)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --order-by)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --rank-scale)
                    COMPREPLY=($(compgen -W "100 1000" -- "$cur"))
                    return 0
                    ;;
                --tag)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --exclude-target)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --intersection-mode)
                    COMPREPLY=($(compgen -W "all partial" -- "$cur"))
                    return 0
                    ;;
                --max-items)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --max-cost)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --confirm-over)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --ledger)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table csv jsonl json" -- "$cur"))
                    return 0
                    ;;
                --fields)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --login)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --password-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --base-url)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
        'bulk-ranks')
            case "$prev" in
                --targets-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --rank-scale)
                    COMPREPLY=($(compgen -W "100 1000" -- "$cur"))
                    return 0
                    ;;
                --tag)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --max-cost)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --confirm-over)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --ledger)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table csv jsonl" -- "$cur"))
                    return 0
                    ;;
                --fields)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --login)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --password-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --base-url)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
        'bulk-backlinks')
            case "$prev" in
                --targets-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --tag)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --max-cost)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --confirm-over)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --ledger)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table csv jsonl" -- "$cur"))
                    return 0
                    ;;
                --fields)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --login)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --password-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --base-url)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
        'bulk-spam-score')
            case "$prev" in
                --targets-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --tag)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --max-cost)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --confirm-over)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --ledger)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table csv jsonl" -- "$cur"))
                    return 0
                    ;;
                --fields)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --login)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --password-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --base-url)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
        'bulk-referring-domains')
            case "$prev" in
                --targets-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --tag)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --max-cost)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --confirm-over)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --ledger)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table csv jsonl" -- "$cur"))
                    return 0
                    ;;
                --fields)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --login)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --password-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --base-url)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
        'bulk-new-lost-backlinks')
            case "$prev" in
                --targets-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --date-from)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --tag)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --max-cost)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --confirm-over)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --ledger)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table csv jsonl" -- "$cur"))
                    return 0
                    ;;
                --fields)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --login)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --password-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --base-url)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
        'bulk-new-lost-referring-domains')
            case "$prev" in
                --targets-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --date-from)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --tag)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --max-cost)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --confirm-over)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --ledger)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table csv jsonl" -- "$cur"))
                    return 0
                    ;;
                --fields)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --login)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --password-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --base-url)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
        'bulk-pages-summary')
            case "$prev" in
                --targets-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --rank-scale)
                    COMPREPLY=($(compgen -W "100 1000" -- "$cur"))
                    return 0
                    ;;
                --tag)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --max-cost)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --confirm-over)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --ledger)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table csv jsonl" -- "$cur"))
                    return 0
                    ;;
                --fields)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --login)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --password-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --base-url)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
        'index')
            case "$prev" in
                --ledger)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table csv jsonl json" -- "$cur"))
                    return 0
                    ;;
                --login)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --password-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --base-url)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
        'available-filters')
            case "$prev" in
                --ledger)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table csv jsonl json" -- "$cur"))
                    return 0
                    ;;
                --login)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --password-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --base-url)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
        'errors')
            case "$prev" in
                --limit)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --offset)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --filtered-function)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --datetime-from)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --datetime-to)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --max-items)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --max-cost)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --confirm-over)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --ledger)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table csv jsonl json" -- "$cur"))
                    return 0
                    ;;
                --fields)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --login)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --password-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --base-url)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
        'id-list')
            case "$prev" in
                --datetime-from)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --datetime-to)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --limit)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --offset)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --sort)
                    COMPREPLY=($(compgen -W "asc desc" -- "$cur"))
                    return 0
                    ;;
                --max-items)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --max-cost)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --confirm-over)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --ledger)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table csv jsonl json" -- "$cur"))
                    return 0
                    ;;
                --fields)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --login)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --password-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --base-url)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
        'report')
            case "$prev" in
                --out)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "html text" -- "$cur"))
                    return 0
                    ;;
                --brand)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --generic)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --top)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --status)
                    COMPREPLY=($(compgen -W "live lost all" -- "$cur"))
                    return 0
                    ;;
                --max-items)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --max-cost)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --confirm-over)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --ledger)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --login)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --password-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --base-url)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
        'spend')
            case "$prev" in
                --ledger)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --since)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --by)
                    COMPREPLY=($(compgen -W "day target" -- "$cur"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table json" -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
        'reconcile')
            case "$prev" in
                --ledger)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --since)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table json" -- "$cur"))
                    return 0
                    ;;
                --login)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --password-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --base-url)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
        'account')
            case "$prev" in
                --format)
                    COMPREPLY=($(compgen -W "table json" -- "$cur"))
                    return 0
                    ;;
                --login)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --password-file)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --base-url)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
        'cache')
            case "$prev" in
                --format)
                    COMPREPLY=($(compgen -W "table json" -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
        'changes')
            case "$prev" in
                --endpoint)
                    COMPREPLY=($(compgen -W "anchors referring-domains referring-networks backlinks domain-pages domain-pages-summary" -- "$cur"))
                    return 0
                    ;;
                --since)
                    COMPREPLY=($(compgen -f -- "$cur"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table json" -- "$cur"))
                    return 0
                    ;;
            esac

            ;;
    esac

    if [[ "$cur" = -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    fi
}

complete -F _dataforseo -o bashdefault -o default dataforseo
