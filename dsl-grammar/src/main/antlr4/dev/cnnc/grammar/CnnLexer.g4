/*
 * Lexer of the .cnn language. Kept apart from the parser grammar (grammars-v4 habit);
 * no Java actions: all meaning is given by the compiler's AST builder.
 */
lexer grammar CnnLexer;

IMPORT  : 'import';
AS      : 'as';
BLOCK   : 'block';
MODEL   : 'model';
INPUT   : 'input';
OUTPUT  : 'output';
TRAIN   : 'train';
IF      : 'if';
ELSE    : 'else';
TRUE    : 'true';
FALSE   : 'false';
AND     : 'and';
OR      : 'or';
NOT     : 'not';

ARROW   : '->';
LPAREN  : '(';
RPAREN  : ')';
LBRACK  : '[';
RBRACK  : ']';
LBRACE  : '{';
RBRACE  : '}';
COMMA   : ',';
COLON   : ':';
SEMI    : ';';
DOT     : '.';
EQ      : '==';
NE      : '!=';
LE      : '<=';
GE      : '>=';
LT      : '<';
GT      : '>';
ASSIGN  : '=';
PLUS    : '+';
MINUS   : '-';
STAR    : '*';
SLASH   : '/';
PERCENT : '%';

/* Digits on both sides of the point, so that layer names such as `layer1.0.conv1` lex as names. */
FLOAT
    : DIGITS '.' DIGITS EXPONENT?
    | DIGITS EXPONENT
    ;
INT     : DIGITS;
STRING  : '"' (~["\\\r\n] | '\\' .)* '"';
ID      : [a-zA-Z_] [a-zA-Z_0-9]*;

LINE_COMMENT  : ('#' | '//') ~[\r\n]* -> skip;
BLOCK_COMMENT : '/*' .*? '*/' -> skip;
WS            : [ \t\r\n\f]+ -> skip;

/* Anything else is reported by the compiler as "unexpected character". */
ERROR_CHAR : .;

fragment DIGITS   : [0-9] ('_'? [0-9])*;
fragment EXPONENT : [eE] [+-]? [0-9]+;
