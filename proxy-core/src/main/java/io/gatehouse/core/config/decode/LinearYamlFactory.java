package io.gatehouse.core.config.decode;

import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.parser.ParserImpl;

import java.io.CharArrayReader;
import java.io.Reader;

/**
 * Jackson's YAML factory reading through {@link LinearStreamReader} instead of SnakeYAML's quadratic
 * {@code StreamReader}, for the text (String, char[] and Reader) parsers TreeReader uses.
 */
final class LinearYamlFactory extends YAMLFactory {

    private static final long serialVersionUID = 1L;

    LinearYamlFactory(YAMLFactoryBuilder builder) {
        super(builder);
    }

    @Override
    protected YAMLParser _createParser(Reader reader, IOContext context) {
        return new LinearYamlParser(context, _parserFeatures, _yamlParserFeatures, _loaderOptions, reader);
    }

    @Override
    protected YAMLParser _createParser(char[] data, int offset, int length, IOContext context, boolean recyclable) {
        return _createParser(new CharArrayReader(data, offset, length), context);
    }

    /** Jackson's parser over SnakeYAML's, built as Jackson builds it but with the linear reader. */
    private static final class LinearYamlParser extends YAMLParser {

        LinearYamlParser(IOContext context, int parserFeatures, int yamlFeatures, LoaderOptions options, Reader reader) {
            this(context, parserFeatures, yamlFeatures, _constrainedReader(context, reader),
                    options == null ? new LoaderOptions() : options);
        }

        private LinearYamlParser(IOContext context, int parserFeatures, int yamlFeatures, Reader reader,
                                 LoaderOptions options) {
            super(context, parserFeatures, yamlFeatures, null, reader,
                    new ParserImpl(new LinearStreamReader(reader), options));
        }
    }
}
