# Site chrome for every Asciidoctor page: the shared stylesheet and the nav bar, with links made
# relative to the page (the site works from file:// and under /docs/). The nav comes from
# src/theme/nav.html, the same file the Java generator uses for the generated pages.
require 'asciidoctor/extensions'
require 'pathname'

module SseKitSite
  def self.root_of doc
    base = doc.attr 'site-src'
    file = doc.attr 'docfile'
    dir = file && ::File.dirname(file)
    return '' unless base && dir
    depth = Pathname.new(dir).relative_path_from(Pathname.new(base)).each_filename.reject { |p| p == '.' }.size
    '../' * depth
  end

  def self.nav doc
    file = doc.attr 'site-nav'
    base = doc.attr 'site-src'
    docfile = doc.attr 'docfile'
    # pages under zh-CN/ get the Chinese bar (nav.zh-CN.html next to nav.html)
    if base && docfile && Pathname.new(docfile).relative_path_from(Pathname.new(base)).to_s.start_with?('zh-CN/')
      zh = file.sub(/\.html\z/, '.zh-CN.html')
      file = zh if ::File.exist? zh
    end
    html = ::File.read(file, encoding: 'UTF-8')
    html.gsub('{{root}}', root_of(doc))
  end
end

Asciidoctor::Extensions.register do
  docinfo_processor do
    at_location :head
    process do |doc|
      root = SseKitSite.root_of doc
      %(<link rel="stylesheet" href="#{root}assets/site.css">\n<link rel="icon" type="image/svg+xml" href="#{root}assets/favicon.svg">)
    end
  end
  docinfo_processor do
    at_location :header
    process do |doc|
      SseKitSite.nav doc
    end
  end
end
